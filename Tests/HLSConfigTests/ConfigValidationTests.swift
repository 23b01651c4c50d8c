import Foundation
import HLSConfig
import HLSIR
import HLSLayers
import XCTest

/// Problems found by `Configuration.designs()`: parameters, design names, override names,
/// and the schedule validator on every selected design.
final class ConfigValidationTests: XCTestCase {
    func testParameterProblemsFromTheCatalog() {
        XCTAssertEqual(configErrors(#"{"parameters": {"group_size": 48}}"#),
                       ["cfg.json: parameter group_size 48 does not divide dim 128"])
    }

    func testParameterTooLarge() {
        XCTAssertEqual(configErrors(#"{"parameters": {"dim": 2000000, "group_size": 1}}"#),
                       ["cfg.json: parameter dim is 2000000; expected at most 1048576"])
    }

    func testWeightCountMustFitAnInt() {
        XCTAssertEqual(configErrors(#"{"parameters": {"dim": 65536, "hidden": 65536}}"#),
                       ["cfg.json: parameters dim 65536 × hidden 65536 = 4294967296 weights; expected at most 2147483647 (arrays are indexed with a C++ int)"])
    }

    func testProgrammaticParameterProblems() {
        var c = Configuration.default
        c.parameters.lanes = 0
        XCTAssertThrowsError(try c.designs()) { e in
            XCTAssertEqual("\(e)", "<default>: parameter lanes is 0; expected a positive integer")
        }
    }

    func testProgrammaticUnknownDesign() {
        var c = Configuration.default
        c.designNames = ["matvec", "attention", "matvec"]
        XCTAssertThrowsError(try c.designs()) { e in
            XCTAssertEqual("\(e)", """
            <default>: designs: unknown design "attention"; expected one of rmsnorm, softmax, matvec, matvec_q8, swiglu_ffn, residual
            <default>: designs: design "matvec" is listed twice
            """)
        }
    }

    func testNameThatMatchesNothing() {
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec.dott": {"unroll": 4}}}"#),
                       [#"cfg.json: schedule["matvec.dott"]: matches no loop, array, argument or kernel of the designs rmsnorm, softmax, matvec, matvec_q8, swiglu_ffn, residual; did you mean matvec.dot?"#])
    }

    func testNameOfADesignThatIsNotSelected() {
        XCTAssertEqual(configErrors(#"{"designs": ["rmsnorm"], "schedule": {"matvec.dot": {"unroll": 4}}}"#),
                       [#"cfg.json: schedule["matvec.dot"]: matches no loop, array, argument or kernel of the design rmsnorm"#])
    }

    func testValidatorProblemsCarryTheFileName() {
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec.dot": {"unroll": 5}}}"#),
                       ["cfg.json: loop matvec.dot: unroll factor 5 does not divide its trip count 128"])
    }

    func testDirectiveOfTheWrongKind() {
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec.dot": {"partition": {"type": "complete"}}}}"#),
                       ["cfg.json: buffer matvec.dot: dot is a reduction of matvec, not a local array or table"])
    }

    func testPartitionOfAnMAXIArgument() {
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec.x": {"partition": {"type": "cyclic", "factor": 8}}}}"#),
                       ["cfg.json: matvec.x is an m_axi argument of matvec; ARRAY_PARTITION is not allowed on top-level m_axi ports"])
    }

    /// Too few banks for an unrolled loop is legal HLS (the tool raises the II), so a config
    /// may choose it: it is accepted with a warning, and the estimator reports the cost.
    private func bankWarnings(_ json: String) throws -> [String] {
        XCTAssertEqual(configErrors(json), [])
        return try Configuration.parse(json, source: "cfg.json").designs().flatMap { ScheduleValidator.warnings(in: $0) }
    }

    func testPartitionSmallerThanTheUnrollIsAWarning() throws {
        XCTAssertEqual(try bankWarnings(#"{"schedule": {"matvec_q8.dot": {"unroll": 32}}}"#),
                       ["buffer matvec_q8.xq: loop matvec_q8.dot is unrolled by 32, so it makes 32 parallel accesses to dimension 1 of xq, which has 16 banks; partition it cyclic with factor 32 or more"])
    }

    func testPartitionWithoutUnrollOnTheDefaultScheduleIsAWarning() throws {
        // Group size 8: the default schedule unrolls matvec_q8.dot by 8; a one-bank xq is too few.
        XCTAssertEqual(try bankWarnings(#"{"parameters": {"group_size": 8}, "schedule": {"matvec_q8.xq": {"partition": {"type": "block", "factor": 1}}}}"#),
                       ["buffer matvec_q8.xq: loop matvec_q8.dot is unrolled by 8, so it makes 8 parallel accesses to dimension 1 of xq, which has 1 bank; partition it cyclic with factor 8 or more"])
    }

    func testTripcountOrder() {
        XCTAssertEqual(configErrors(#"{"schedule": {"softmax.exp_sum": {"tripcount": {"min": 10, "max": 5, "avg": 7}}}}"#),
                       ["cfg.json: loop softmax.exp_sum: tripcount min 10, avg 7, max 5; expected 0 <= min <= avg <= max"])
    }

    func testLanesOnAPlainLoop() {
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec.rows": {"lanes": 2}}}"#),
                       ["cfg.json: loop matvec.rows: lanes applies only to reductions, and rows is a plain loop"])
    }

    func testMaxWidenBitwidth() {
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec.w": {"interface": {"max_widen_bitwidth": 500}}}}"#),
                       ["cfg.json: interface matvec.w: max_widen_bitwidth 500; expected a power of two from 8 to 1024"])
    }

    func testPartitionFactorMustDivide() {
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec_q8.xq": {"partition": {"type": "cyclic", "factor": 48}}}}"#),
                       ["cfg.json: buffer matvec_q8.xq: partition factor 48 does not divide dimension 1 of xq, which has size 128"])
    }

    func testPartitionDimOutOfRange() {
        XCTAssertEqual(configErrors(#"{"schedule": {"swiglu_ffn.hb": {"partition": {"type": "complete", "dim": 2}}}}"#),
                       ["cfg.json: buffer swiglu_ffn.hb: partition dim 2, but hb has 1 dimension; expected 0...1"])
    }

    func testAllProblemsOfAllDesignsAreReported() {
        XCTAssertEqual(configErrors(#"""
        {"schedule": {"matvec.dot": {"unroll": 3}, "residual.add": {"pipeline": {"ii": 2}, "unroll": 7}, "rmsnorm.nope": {"flatten": true}}}
        """#), [
            #"cfg.json: schedule["rmsnorm.nope"]: matches no loop, array, argument or kernel of the designs rmsnorm, softmax, matvec, matvec_q8, swiglu_ffn, residual"#,
            "cfg.json: loop matvec.dot: unroll factor 3 does not divide its trip count 128",
            "cfg.json: loop residual.add: unroll factor 7 does not divide its trip count 128",
        ])
    }

    /// The examples of docs/config.md's error table that the tests above do not cover.
    func testDocumentedMessages() {
        let cases: [(String, String)] = [
            (#""matvec.w": {"unroll": 2}"#, "loop matvec.w: w is an m_axi argument of matvec, not a loop or reduction"),
            (#""matvec": {"unroll": 2}"#, "loop matvec: matvec is a kernel, not a loop or reduction; name it matvec.<name>"),
            (#""swiglu_ffn.hb": {"interface": {"depth": 352}}"#,
             "interface swiglu_ffn.hb: hb is a local array of swiglu_ffn, not an m_axi argument"),
            (#""swiglu_ffn_up.w": {"interface": {"depth": 352}}"#,
             "interface swiglu_ffn_up.w: swiglu_ffn_up is not the top kernel of design swiglu_ffn; interfaces apply to the array arguments of swiglu_ffn"),
            (#""swiglu_ffn_up.x": {"partition": {"type": "complete"}}"#,
             "buffer swiglu_ffn_up.x: x is an array argument of swiglu_ffn_up, which points into its caller's array; put the directive on the caller's local array"),
            (#""matvec.rows": {"dataflow": true}"#,
             "function matvec.rows: function directives apply to kernels, named without a dot; rows is a loop of matvec"),
            (#""matvec.x": {"storage": {"type": "ram_1p"}}"#,
             "matvec.x is an m_axi argument of matvec; BIND_STORAGE is not allowed on top-level m_axi ports"),
            (#""matvec_q8.xq": {"partition": {"type": "cyclic"}}"#, "buffer matvec_q8.xq: cyclic partition needs a factor"),
            (#""swiglu_ffn.hb": {"storage": {"type": "rom_1p"}}"#,
             "buffer swiglu_ffn.hb: rom_1p is read-only, but hb is written; use a RAM type"),
            (#""matvec.x": {"interface": {"max_read_burst_length": 512}}"#,
             "interface matvec.x: max_read_burst_length 512; expected 1...256"),
            (#""matvec.w": {"interface": {"depth": 100}}"#,
             "interface matvec.w: depth 100 is smaller than w, which has 45056 elements; co-simulation would access past the port"),
            (#""matvec.w": {"interface": {"bundle": "gmem w"}}"#,
             #"interface matvec.w: bundle "gmem w" is not a C identifier"#),
            (#""matvec.w": {"interface": {"bundle": "gmem", "max_read_burst_length": 64}}, "matvec.x": {"interface": {"bundle": "gmem"}}"#,
             "interface bundle gmem: matvec.w and matvec.x share it but set different burst, outstanding, widen or bank options; ports of one bundle need identical options"),
            (#""matvec": {"inline": "on"}"#, "function matvec: the top kernel of a design cannot be inlined"),
            (#""softmax.exp_sum": {"unroll": 512}"#, "loop softmax.exp_sum: unroll factor 512 exceeds its maximum trip count 256"),
            (#""matvec.dot": {"lanes": 2048}"#, "loop matvec.dot: lanes 2048; expected 1...1024"),
        ]
        for (entry, line) in cases {
            XCTAssertEqual(configErrors("{\"schedule\": {\(entry)}}"), ["cfg.json: \(line)"], entry)
        }
    }

    // MARK: Loading files

    func testMissingFile() {
        XCTAssertThrowsError(try Configuration.load(path: "/nonexistent/hlsgen.json")) { e in
            XCTAssertEqual("\(e)", "/nonexistent/hlsgen.json: no such file")
        }
    }

    func testDirectory() {
        let dir = NSTemporaryDirectory()
        XCTAssertThrowsError(try Configuration.load(path: dir)) { e in
            XCTAssertEqual("\(e)", "\(dir): is a directory; expected a JSON config file")
        }
    }

    func testFilesThatAreNotUTF8() throws {
        let path = try temporaryFile(Data([0x7B, 0xFF, 0xFE, 0x7D]))
        XCTAssertThrowsError(try Configuration.load(path: path)) { e in
            XCTAssertEqual("\(e)", "\(path): is not UTF-8 text")
        }
    }

    func testEmptyFile() throws {
        let path = try temporaryFile(Data())
        XCTAssertThrowsError(try Configuration.load(path: path)) { e in
            XCTAssertEqual("\(e)", "\(path):1:1: invalid JSON: the input is empty; expected a JSON object")
        }
    }

    func testLoadsAFileAndNamesIt() throws {
        let path = try temporaryFile(Data(#"{"parameters": {"dim": 64}}"#.utf8))
        let c = try Configuration.load(path: path)
        XCTAssertEqual(c.source, path)
        XCTAssertEqual(c.parameters.dim, 64)
    }

    private func temporaryFile(_ data: Data) throws -> String {
        let path = NSTemporaryDirectory() + "hlsgen-config-\(UUID().uuidString).json"
        try data.write(to: URL(fileURLWithPath: path))
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }
}
