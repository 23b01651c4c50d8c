import Foundation
import HLSDriver
import XCTest

/// The calibration file reader: a small inline file, the real file when present, and one
/// clear line for each way a file can be wrong.
final class CalibrationFileTests: XCTestCase {
    static let fixture = #"""
    [
     {"id": "k1", "tool": "Vitis HLS", "tool_version": "2024.1", "part": "xc7z020-clg400-1",
      "target_clock_ns": 10.0, "caveats": ["Zynq-7000 part."],
      "reported": {"latency_cycles": {"min": 5, "max": 9},
                   "loops": [{"loop": "A_B", "ii_achieved": 2, "iteration_latency": 4,
                              "trip_count": {"min": 1, "max": 16}, "latency_min": 3, "latency_max": 35}],
                   "utilization": {"total": {"BRAM_18K": 2, "DSP": 3, "FF": 100, "LUT": 200, "URAM": 0}}}},
     {"id": "k2", "tool": "Vivado HLS", "tool_version": null, "part": "xc7z020", "part_source": "inferred",
      "target_clock_ns": 4,
      "reported": {"latency_cycles": {"min": null, "max": null}, "loops": [],
                   "utilization": {"total": {"BRAM_18K": 0, "DSP": 0, "FF": 1, "LUT": 2}}}}
    ]
    """#

    private func errors(_ text: String) -> String? {
        do {
            _ = try CalibrationFile.parse(Data(text.utf8), source: "cal.json")
            return nil
        } catch {
            return error.message
        }
    }

    func testReadsAnInlineFile() throws {
        let entries = try CalibrationFile.parse(Data(Self.fixture.utf8), source: "cal.json")
        XCTAssertEqual(entries.count, 2)
        let k1 = entries[0]
        XCTAssertEqual(k1.id, "k1")
        XCTAssertEqual(k1.toolVersion, "2024.1")
        XCTAssertEqual(k1.part, "xc7z020-clg400-1")
        XCTAssertEqual(k1.clockMHz, 100, accuracy: 1e-9)
        XCTAssertEqual(k1.latency, ReportedRange(min: 5, max: 9))
        XCTAssertEqual(k1.loops, [ReportedLoop(name: "A_B", ii: 2, iterationLatency: 4, tripCount: 16,
                                               latency: ReportedRange(min: 3, max: 35))])
        XCTAssertEqual(k1.utilization, ReportedUtilization(bram18k: 2, dsp: 3, ff: 100, lut: 200, uram: 0))
        XCTAssertEqual(k1.caveats, ["Zynq-7000 part."])
        let k2 = entries[1]
        XCTAssertNil(k2.toolVersion)
        XCTAssertEqual(k2.latency, ReportedRange(min: nil, max: nil))
        XCTAssertEqual(k2.loops, [])
        XCTAssertEqual(k2.utilization.uram, 0)
        XCTAssertEqual(k2.headerNotes, ["part_source: inferred"])
    }

    func testReadsTheRealFile() throws {
        let path = TestSupport.packageRoot + "/../shared/calibration/vitis_reports.json"
        guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("no calibration file at \(path)") }
        let entries = try CalibrationFile.load(path: path)
        XCTAssertEqual(entries.count, 12)
        let gemv = try XCTUnwrap(entries.first { $0.id == "gemv_f32_768x3072_stream_versal_v80_vitis2025_1" })
        XCTAssertEqual(gemv.loops.map(\.name), ["VITIS_LOOP_37_1", "VITIS_LOOP_41_2_VITIS_LOOP_43_3"])
        XCTAssertEqual(gemv.loops.map(\.ii), [1, 2])
        XCTAssertEqual(gemv.latency.max, 4_719_368)
        XCTAssertEqual(gemv.utilization.uram, 1)
        XCTAssertEqual(entries.filter { $0.loops.isEmpty }.count, 3)   // dot48, vadd, mmult128_f32
    }

    func testMissingFile() {
        XCTAssertThrowsError(try CalibrationFile.load(path: "/nonexistent/cal.json")) { e in
            XCTAssertEqual((e as? DriverError)?.message, "calibration file /nonexistent/cal.json: does not exist")
        }
    }

    func testBadJSON() throws {
        let message = try XCTUnwrap(errors("[{\"id\": "))
        XCTAssertTrue(message.hasPrefix("calibration file cal.json: not valid JSON"), message)
        XCTAssertFalse(message.contains("\n"), message)
        XCTAssertEqual(errors("{\"id\": 1}"), "calibration file cal.json: expected a JSON list of entries at the top level, got an object")
        XCTAssertEqual(errors("[]"), "calibration file cal.json: the list of entries is empty")
    }

    func testMissingAndMistypedKeys() {
        func without(_ key: String) -> String { Self.fixture.replacingOccurrences(of: "\"\(key)\"", with: "\"x_\(key)\"") }
        XCTAssertEqual(errors(without("target_clock_ns")), "calibration file cal.json: entry 0 (k1): target_clock_ns: missing")
        XCTAssertEqual(errors(without("id")), "calibration file cal.json: entry 0: id: missing")
        XCTAssertEqual(errors(without("ii_achieved")), "calibration file cal.json: entry 0 (k1): reported.loops[0].ii_achieved: missing")
        XCTAssertEqual(errors(without("DSP")), "calibration file cal.json: entry 0 (k1): reported.utilization.total.DSP: missing")
        XCTAssertEqual(errors(Self.fixture.replacingOccurrences(of: "\"target_clock_ns\": 4", with: "\"target_clock_ns\": \"4\"")),
                       "calibration file cal.json: entry 1 (k2): target_clock_ns: expected a number, got a string")
        XCTAssertEqual(errors(Self.fixture.replacingOccurrences(of: "\"FF\": 100", with: "\"FF\": true")),
                       "calibration file cal.json: entry 0 (k1): reported.utilization.total.FF: expected an integer, got true or false")
        XCTAssertEqual(errors(Self.fixture.replacingOccurrences(of: "\"k2\"", with: "\"k1\"")),
                       "calibration file cal.json: entry 1: id k1 appears twice")
    }
}
