import HLSConfig
import HLSIR
import XCTest

/// The config writer (`ScheduleJSON`, used by `hlsgen explore`) and the reader spell every key
/// alike: whatever the writer renders reads back as the same overrides.
final class ScheduleWriterTests: XCTestCase {
    private func roundTrip(_ s: Schedule, dataflowOff: Set<String> = []) throws -> Configuration {
        let text = "{\n  \"schedule\": \(ScheduleJSON.object(s, dataflowOff: dataflowOff))\n}\n"
        return try Configuration.parse(text, source: "written.json")
    }

    func testEveryDirectiveKindReadsBack() throws {
        var s = Schedule()
        s.pipeline("matvec.dot", ii: 2)
        s.unroll("matvec.dot", factor: 8)
        s.lanes("matvec.dot", 4)
        s.tripCount("softmax.exp_sum", min: 1, max: 256, avg: 128)
        s.flatten("matvec.rows", false)
        s.pipelineOff("softmax.max")
        s.unroll("rmsnorm.normalize")
        s.partition("matvec_q8.xq", .cyclic, factor: 16)
        s.partition("matvec_q8.xs", .complete, dim: 0)
        s.bindStorage("matvec_q8.xs", .ram_1p, impl: .lutram, latency: 2)
        s.interface("matvec.w", InterfaceDirectives(bundle: "gmem_w", depth: 4096, maxReadBurstLength: 64,
                                                    maxWriteBurstLength: 16, numReadOutstanding: 8, maxWidenBitwidth: 512))
        s.interface("fir.c", InterfaceDirectives(mode: .ap_memory))
        s.dataflow("swiglu_ffn")
        s.inline("swiglu_ffn_up", .off)
        XCTAssertEqual(try roundTrip(s).overrides, s)
    }

    func testDataflowOffIsWritten() throws {
        let c = try roundTrip(Schedule(), dataflowOff: ["swiglu_ffn"])
        XCTAssertEqual(c.dataflowDisabled, ["swiglu_ffn"])
    }

    func testNamesAreEscapedAndSorted() {
        var s = Schedule()
        s.pipeline("b.loop")
        s.pipeline("a.loop")
        XCTAssertEqual(ScheduleJSON.entries(s).map(\.name), ["a.loop", "b.loop"])
        XCTAssertEqual(ScheduleJSON.quoted("a\"b\\c\n"), #""a\"b\\c\n""#)
    }
}
