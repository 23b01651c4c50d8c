import XCTest
import HLSIR
@testable import HLSEmitter

final class ScratchPrint: XCTestCase {
    func testPrint() throws {
        for d in [try SampleDesigns.integers(), try SampleDesigns.conversions()] {
            for f in try Emitter.emit(d) where f.path.hasSuffix(".cpp") && !f.path.contains("_tb") { print("=== \(f.path)\n\(f.contents)") }
        }
    }
}
