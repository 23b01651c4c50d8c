import Foundation
import HLSDriver
import HLSEmitter
import HLSIR
import HLSModels
import XCTest

/// The integer profile (`IntegerLlamaForward`) over 64 positions: the compiled kernel in C
/// simulation, driven by its generated testbench with the embedding row of each position's
/// token given per call (`TestbenchPlan.perCall`) and the KV cache carried over, returns
/// every int32 logit word the interpreter engine (`IntegerLlamaEngine`) returns, for the
/// tokens that engine generates greedily. The integer design has no host program (its host
/// would convert at the edges), so the testbench is the driver; one differing word fails.
final class IntegerLogitsAgreementTests: XCTestCase {
    static let positions = 64

    /// A seeded random float model of stories260K's shape, quantized to Q8_0 (group size 4)
    /// with scales calibrated on it; a corrupted golden word makes the same run FAIL.
    func testStories260KShapedAgreesFor64Positions() throws {
        _ = try TestSupport.compiler()
        let dir = try TestSupport.temporaryDirectory(self)
        let (path, _) = try LlamaTestSupport.writeRandomModel(LlamaConfig.stories260K, seed: 261, into: dir)
        let folder = try assertAgree(try Self.integerModel(path), work: dir, prompt: [1, 400, 17])
        // The same testbench with one golden word changed fails, naming that word.
        let golden = "\(folder)/\(TestbenchPlan.goldenFile("logits"))"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: golden)))
        let word = 4 * (40 * LlamaConfig.stories260K.vocabSize + 123)
        bytes[word] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: golden))
        let verdicts = try Verifier(compiler: try TestSupport.compiler(), seed: 1).verify([try BoundDesign.bind(try Self.integerModel(path).design)],
                                                                                           folders: ["forward": folder], work: dir + "/again")
        XCTAssertEqual(verdicts.count, 1)
        XCTAssertFalse(verdicts[0].passed, "\(verdicts[0])")
        XCTAssertTrue("\(verdicts[0])".contains("logits"), "\(verdicts[0])")
    }

    /// stories260K itself (its default group size 4), from BOS.
    func testStories260KAgreesFor64Positions() throws {
        _ = try TestSupport.compiler()
        let m = try LlamaTestSupport.requireModels(["stories260K.bin"])
        try assertAgree(try Self.integerModel(m[0]), work: try TestSupport.temporaryDirectory(self), prompt: [1])
    }

    /// The integer model of a float checkpoint, as `hlsgen run --profile integer` makes it.
    static func integerModel(_ path: String) throws -> IntegerLlamaModel {
        let float = try LlamaModel.load(checkpoint: path)
        guard case .float(let f) = float.checkpoint else { throw XCTSkip("not a float checkpoint") }
        let q8 = LlamaModel(checkpoint: .q8(try LlamaModel.quantized(f, groupSize: nil)), name: float.name)
        return try IntegerLlamaModel(model: q8, reference: float)
    }

    /// Runs the interpreter engine for 64 positions (the prompt forced, then greedy), writes
    /// the kernel and a testbench calling it at those positions with those tokens' rows, runs
    /// it in C simulation and checks its verdict; returns the folder.
    @discardableResult
    func assertAgree(_ model: IntegerLlamaModel, work: String, prompt: [Int], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let compiler = try TestSupport.compiler()
        let engine = try IntegerLlamaEngine(model)
        var token = prompt[0]
        var rows: [Int64] = []
        var logits: [Float] = []
        for pos in 0..<Self.positions {
            rows += model.embedded(token)
            let out = try engine.forward(token: token, pos: pos)
            logits += out
            token = pos + 1 < prompt.count ? prompt[pos + 1] : AccuracyMetrics.argmax(out)
        }
        let design = try BoundDesign.bind(model.design)
        let plan = TestbenchPlan(inputs: .files, calls: (0..<Self.positions).map { ["pos": Int64($0)] }, checked: ["logits"],
                                 cosim: false, perCall: ["embedded"])
        let files = try Emitter.emit(design, testbench: plan)
            + TestbenchData.files(design, plan: plan, seed: 1, inputs: model.inputs(), perCall: ["embedded": .raw(rows)])
        let folder = work + "/integer"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for f in files { try Data(f.bytes).write(to: URL(fileURLWithPath: "\(folder)/\(f.path)")) }
        // The golden words are the engine's logits (int32 words times the logit unit).
        let golden = [UInt8](try XCTUnwrap(files.first { $0.path == TestbenchPlan.goldenFile("logits") }).bytes)
        let words = stride(from: 0, to: golden.count, by: 4).map {
            Int32(bitPattern: UInt32(golden[$0]) | UInt32(golden[$0 + 1]) << 8 | UInt32(golden[$0 + 2]) << 16 | UInt32(golden[$0 + 3]) << 24)
        }
        XCTAssertEqual(words.count, Self.positions * model.model.config.vocabSize, file: file, line: line)
        XCTAssertEqual(words.map { Float(Double($0) * model.scales.logitUnit).bitPattern }, logits.map(\.bitPattern),
                       "the golden logits are the engine's", file: file, line: line)
        XCTAssertGreaterThan(Set(words).count, 100, "the logits vary", file: file, line: line)
        let verdicts = try Verifier(compiler: compiler, seed: 1).verify([design], folders: [design.top: folder], work: work + "/csim")
        XCTAssertEqual(verdicts.count, 1, file: file, line: line)
        for v in verdicts { XCTAssertTrue(v.passed, "\(v)", file: file, line: line) }
        return folder
    }
}
