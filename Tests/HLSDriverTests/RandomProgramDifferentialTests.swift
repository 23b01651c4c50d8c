import HLSDriver
import HLSIR
import XCTest

/// A few hundred seeded random kernels (random types, expression trees, loop nests,
/// reductions and schedules): interpreter and C simulation must agree on each.
final class RandomProgramDifferentialTests: XCTestCase {
    func testRandomProgramsAgreeWithTheCSimulation() throws {
        let compiler = try TestSupport.compiler()
        let work = try TestSupport.temporaryDirectory(self)
        let count = 300, perCompile = 100
        var generator = RandomProgramGenerator(seed: 2026)
        var failures: [String] = []
        for batch in 0..<(count / perCompile) {
            let designs = (0..<perCompile).map { i in generator.design(named: "rnd\(batch * perCompile + i)") }
            let verdicts = try Verifier(compiler: compiler, seed: UInt64(batch + 1))
                .verifyBatch(designs, work: "\(work)/\(batch)")
            XCTAssertEqual(verdicts.count, designs.count)
            failures += verdicts.filter { !$0.passed }.map(\.description)
        }
        XCTAssertEqual(failures, [], "\(failures.count) of \(count) random programs disagree")
    }
}
