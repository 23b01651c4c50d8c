import HLSIR
import HLSEmitter
import XCTest

/// Every file the emitter writes passes the pragma lint, and kernel sources the subset lint.
final class EmittedFilesLintTests: XCTestCase {
    func testEveryEmittedFilePassesBothLints() throws {
        var designs = [try SampleDesigns.demo(), try SampleDesigns.integers(), try SampleDesigns.conversions()]
        var tuned = try SampleDesigns.demo()
        tuned.schedule.tripCount("demo.head", min: 2, max: 8, avg: 6)
        tuned.schedule.flatten("demo.fix", false)
        tuned.schedule.pipelineOff("demo.total")
        tuned.schedule.unroll("demo.peak")
        tuned.schedule.inline("scale_add", .off)
        tuned.schedule.dataflow("demo")
        tuned.schedule.interface("demo.x", InterfaceDirectives(bundle: "weights", maxReadBurstLength: 64, numReadOutstanding: 16, maxWidenBitwidth: 512))
        designs.append(tuned)
        for d in designs {
            for f in try Emitter.emit(try BoundDesign.bind(d)) where f.path.hasSuffix(".cpp") || f.path.hasSuffix(".h") {
                XCTAssertEqual(PragmaLint.problems(in: f.contents), [], "\(d.top)/\(f.path)")
                if !f.path.hasSuffix("_tb.cpp") {
                    XCTAssertEqual(SubsetLint.problems(in: f.contents), [], "\(d.top)/\(f.path)")
                }
            }
        }
        XCTAssertEqual(PragmaLint.problems(in: try Emitter.batchSimulation(try (Array(designs.prefix(3))).map { try BoundDesign.bind($0) })), [])
    }

    func testTunedScheduleReachesThePragmas() throws {
        var d = try SampleDesigns.demo()
        d.schedule.tripCount("demo.head", min: 2, max: 8, avg: 6)
        d.schedule.interface("demo.x", InterfaceDirectives(bundle: "weights", maxReadBurstLength: 64))
        d.schedule.partition("demo.x", .complete)
        XCTAssertThrowsError(try Emitter.emit(try BoundDesign.bind(d))) { XCTAssertTrue("\($0)".contains("demo.x"), "\($0)") }
        d.schedule.buffers = [:]
        let cpp = try XCTUnwrap(try Emitter.emit(try BoundDesign.bind(d)).first { $0.path == "demo.cpp" }).contents
        XCTAssertTrue(cpp.contains("#pragma HLS LOOP_TRIPCOUNT min=2 max=8 avg=6"))
        XCTAssertTrue(cpp.contains("#pragma HLS INTERFACE mode=m_axi port=x bundle=weights offset=slave depth=8 max_read_burst_length=64"))
        XCTAssertTrue(cpp.contains("port=q bundle=gmem1"))
    }
}
