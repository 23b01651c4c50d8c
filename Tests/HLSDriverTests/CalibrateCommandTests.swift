import CalibrationKernels
import Foundation
@testable import HLSDriver
import HLSEstimator
import HLSIR
import XCTest

/// `hlsgen calibrate`'s comparison, table and summary, with a stand-in estimator that reports
/// each loop's requested II (so the matching of report rows to loops is what is tested).
final class CalibrateCommandTests: XCTestCase {
    static let realFile = TestSupport.packageRoot + "/../shared/calibration/vitis_reports.json"

    /// Every loop at its requested II, latency 1000, 1 DSP and 2 BRAM per kernel.
    static func requestedII(knownParts: Bool = true) -> CalibrationEstimator {
        CalibrationEstimator(device: { part in
            guard knownParts || !part.hasPrefix("xcv80") else { return nil }
            return Device(name: part, part: part, family: .series7, available: Resources(), slrs: 1, memory: [])
        }, estimate: { bound, device, mhz in
            let functions = bound.kernels.map { k in
                FunctionEstimate(name: k.name, latency: CycleRange(exactly: 1000), interval: CycleRange(exactly: 1001),
                                 resources: Resources(dsp: 1, bram18k: 2), loops: tree(k, enclosing: []))
            }
            return DesignEstimate(top: bound.top, device: device.name, part: device.part, clockMHz: mhz, functions: functions,
                                  bundles: [], total: Resources(dsp: 1, bram18k: 2, ff: 10, lut: 20),
                                  available: device.available, latency: CycleRange(exactly: 1000), warnings: bound.warnings)
        })
    }

    static func tree(_ k: BoundKernel, enclosing: [String]) -> [LoopEstimate] {
        k.loops.values.filter { $0.enclosing == enclosing }.sorted { $0.label < $1.label }.map { l in
            LoopEstimate(name: l.dottedName, depth: enclosing.count, trips: CycleRange(exactly: l.trips.max),
                         iterationLatency: 1, ii: l.pipelineII, iiTarget: l.pipelineII, limit: .none,
                         pipelined: l.pipelineII != nil, latency: CycleRange(exactly: l.trips.max),
                         children: tree(k, enclosing: enclosing + [l.label]))
        }
    }

    private func run(_ estimator: CalibrationEstimator) throws -> (status: Int32, lines: [String], progress: [String]) {
        guard FileManager.default.fileExists(atPath: Self.realFile) else { throw XCTSkip("no calibration file") }
        var lines: [String] = []
        var progress: [String] = []
        let status = try CalibrateCommand.run(file: Self.realFile, estimator: estimator,
                                              output: { lines.append($0) }, progress: { progress.append($0) })
        return (status, lines, progress)
    }

    func testTwelveRowsAndTheSummary() throws {
        let (status, lines, progress) = try run(Self.requestedII())
        XCTAssertEqual(status, 0)
        XCTAssertEqual(progress.count, 12)
        let rows = lines.filter { line in CalibrationSet.ids.contains { line.hasPrefix($0 + " ") } }
        XCTAssertEqual(rows.count, 12, lines.joined(separator: "\n"))
        let summary = try XCTUnwrap(lines.last)
        XCTAssertNotNil(summary.range(of: #"^calibration: 12 kernels, II exact on \d+/19 loops, latency within 25% on \d+/12, DSP within 30% on \d+/11, BRAM within 30% on \d+/12$"#,
                                      options: .regularExpression), summary)
        func row(_ id: String) throws -> String { try XCTUnwrap(rows.first { $0.hasPrefix(id) }) }
        // Flattened nests: the report's A_B row is matched with the inner loop B inside A.
        XCTAssertTrue(try row(StreamGEMV.id).contains("VITIS_LOOP_41_2_VITIS_LOOP_43_3 1/2"))
        XCTAssertTrue(try row(MatMul3x3.id).contains("Row_Col 1/2"))
        XCTAssertTrue(try row(Gaussian3x3.id).contains("for_y_for_x 1/1"))
        XCTAssertTrue(try row(Softmax768.id).contains("find_max 2/2"))
        // Exclusions come from the entries' data.
        XCTAssertTrue(lines.contains("    excluded from DSP: caveat: DSP count of the MAC is not attributed to this module (see operator notes)."))
        XCTAssertEqual(lines.filter { $0 == "    excluded from II: the report has no loop table" }.count, 3)
        XCTAssertTrue(lines.contains { $0.hasPrefix("    note: part_source: inferred") })
    }

    func testUnknownPartsAreLeftOut() throws {
        let (status, lines, _) = try run(Self.requestedII(knownParts: false))
        XCTAssertEqual(status, 0)
        XCTAssertEqual(lines.filter { $0 == "    not estimated: no device known for part xcv80-lsva4737-2MHP-e-S" }.count, 4)
        XCTAssertNotNil(lines.last?.range(of: "latency within 25% on \\d+/8,", options: .regularExpression), lines.last ?? "")
    }

    func testAFailingEstimatorExitsWithOne() throws {
        struct Broken: Error {}
        let broken = CalibrationEstimator(device: Self.requestedII().device, estimate: { _, _, _ in throw Broken() })
        let (status, lines, _) = try run(broken)
        XCTAssertEqual(status, 1)
        XCTAssertTrue(lines.last?.hasPrefix("calibration: 12 kernels, II exact on 0/0 loops") == true, lines.last ?? "")
    }

    /// The command line with the real estimator on the real file.
    func testCommandLine() throws {
        guard FileManager.default.fileExists(atPath: Self.realFile) else { throw XCTSkip("no calibration file") }
        var out: [String] = []
        var err: [String] = []
        let status = CommandLineTool.run(["calibrate", "--file", Self.realFile], output: { out.append($0) }, error: { err.append($0) })
        XCTAssertEqual(status, 0, err.joined(separator: "\n"))
        XCTAssertEqual(out.filter { line in CalibrationSet.ids.contains { line.hasPrefix($0 + " ") } }.count, 12)
        XCTAssertNotNil(out.last?.range(of: #"^calibration: 12 kernels, II exact on \d+/19 loops, latency within 25% on \d+/12, DSP within 30% on \d+/11, BRAM within 30% on \d+/12$"#,
                                        options: .regularExpression), out.last ?? "")
        XCTAssertEqual(err.count, 12)
        XCTAssertTrue(err.allSatisfy { $0.hasPrefix("calibrate: [") })
    }

    func testCommandLineBadFile() throws {
        var out: [String] = []
        var err: [String] = []
        let status = CommandLineTool.run(["calibrate", "--file", "/nonexistent/reports.json"], output: { out.append($0) }, error: { err.append($0) })
        XCTAssertEqual(status, 1)
        XCTAssertEqual(out, [])
        XCTAssertEqual(err, ["hlsgen: error: calibration file /nonexistent/reports.json: does not exist"])
        let dir = try TestSupport.temporaryDirectory(self)
        let bad = dir + "/bad.json"
        try Data("[{\"id\": \"x\"}]".utf8).write(to: URL(fileURLWithPath: bad))
        err = []
        XCTAssertEqual(CommandLineTool.run(["calibrate", "--file", bad], output: { _ in }, error: { err.append($0) }), 1)
        XCTAssertEqual(err, ["hlsgen: error: calibration file \(bad): entry 0 (x): target_clock_ns: missing"])
    }

    /// Entries without a design in CalibrationSet are rows left out of every metric.
    func testEntriesWithoutADesign() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let file = dir + "/two.json"
        try Data(CalibrationFileTests.fixture.utf8).write(to: URL(fileURLWithPath: file))
        var lines: [String] = []
        let status = try CalibrateCommand.run(file: file, estimator: Self.requestedII(), output: { lines.append($0) }, progress: { _ in })
        XCTAssertEqual(status, 0)
        XCTAssertEqual(lines.filter { $0 == "    not estimated: no design for this id in CalibrationSet" }.count, 2)
        XCTAssertEqual(lines.last, "calibration: 2 kernels, II exact on 0/0 loops, latency within 25% on 0/0, DSP within 30% on 0/0, BRAM within 30% on 0/0")
    }

    func testWithin() {
        XCTAssertTrue(CalibrationTally.within(125, 100, 0.25))
        XCTAssertFalse(CalibrationTally.within(126, 100, 0.25))
        XCTAssertTrue(CalibrationTally.within(75, 100, 0.25))
        XCTAssertTrue(CalibrationTally.within(0, 0, 0.30))
        XCTAssertFalse(CalibrationTally.within(1, 0, 0.30))
    }
}
