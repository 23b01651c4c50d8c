import Foundation
import HLSDriver
import HLSIR
import HLSTestSupport
import XCTest

/// A few hundred seeded random kernels (random types, expression trees, loop nests,
/// reductions and schedules): interpreter and C simulation must agree on each. Designs are
/// compiled in batches (one translation unit each), two batches at a time. A failing design
/// is rebuilt with `RandomProgramGenerator(seed: 2026).design(named: "rndN")`.
final class RandomProgramDifferentialTests: XCTestCase {
    func testRandomProgramsAgreeWithTheCSimulation() throws {
        let compiler = try TestSupport.compiler()
        let work = try TestSupport.temporaryDirectory(self)
        let count = 300, batches = 6, perBatch = count / batches
        let generator = RandomProgramGenerator(seed: 2026)
        let results = BatchResults(count: batches)
        DispatchQueue.concurrentPerform(iterations: batches) { b in
            var g = generator
            let designs = (0..<perBatch).map { i in g.design(named: "rnd\(b * perBatch + i)") }
            results.set(b, Result {
                try Verifier(compiler: compiler, seed: UInt64(b + 1)).verifyBatch(try (designs).map { try BoundDesign.bind($0) }, work: "\(work)/\(b)")
            })
        }
        var failures: [String] = [], checked = 0
        for r in results.all {
            switch r {
            case .success(let verdicts):
                checked += verdicts.count
                failures += verdicts.filter { !$0.passed }.map(\.description)
            case .failure(let e):
                failures.append("batch failed: \(e)")
            }
        }
        XCTAssertEqual(checked, count)
        XCTAssertEqual(failures, [], "\(failures.count) of \(count) random programs disagree")
    }
}

private final class BatchResults: @unchecked Sendable {
    private var slots: [Result<[Verdict], Error>]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: .success([]), count: count) }
    func set(_ i: Int, _ r: Result<[Verdict], Error>) {
        lock.lock()
        slots[i] = r
        lock.unlock()
    }
    var all: [Result<[Verdict], Error>] { slots }
}
