import Foundation
import HLSEmitter
import HLSIR
import HLSLayers
import HLSModels
import XCTest

/// The C-simulation build of the generated host program, run on seeded random models in both
/// checkpoint formats (its output replayed with the Swift reference sampler and tokenizer) and,
/// when ../shared/models is present, on stories260K against llama2.c's own output.
final class HostProgramTests: XCTestCase {
    private static let config = HostTestSupport.smallConfig
    private static let groupSize = 8

    private func floatHost() throws -> HostTestSupport.Host {
        try HostTestSupport.csimHost(try HostTestSupport.design(HostTestSupport.shape(Self.config)), key: "small-float")
    }

    private func q8Host() throws -> HostTestSupport.Host {
        try HostTestSupport.csimHost(try HostTestSupport.design(HostTestSupport.shape(Self.config), groupSize: Self.groupSize),
                                     key: "small-q8")
    }

    /// Writes the random model (float and Q8_0; its own classifier, since with a shared one a
    /// random model's most likely next token is the current one), a shared-classifier variant
    /// and a tokenizer.
    private func writeModels(in folder: URL) throws -> Tokenizer {
        var unshared = Self.config
        unshared.sharedClassifier = false
        try RandomModel.floatCheckpoint(config: unshared, seed: 7).write(to: folder.appendingPathComponent("model.bin"))
        try RandomModel.q8Checkpoint(config: unshared, seed: 7, groupSize: Self.groupSize)
            .write(to: folder.appendingPathComponent("model_q80.bin"))
        try RandomModel.floatCheckpoint(config: Self.config, seed: 8).write(to: folder.appendingPathComponent("shared.bin"))
        try RandomModel.q8Checkpoint(config: Self.config, seed: 8, groupSize: Self.groupSize)
            .write(to: folder.appendingPathComponent("shared_q80.bin"))
        let tokenizer = try SyntheticTokenizer.make(vocabSize: Self.config.vocabSize, seed: 3)
        try tokenizer.write(to: folder.appendingPathComponent("tok.bin"))
        return tokenizer
    }

    /// Runs the host with -l and checks stdout against llama2.c's loop replayed in Swift on the
    /// recorded logits; returns the logits.
    @discardableResult
    private func runAndReplay(_ host: HostTestSupport.Host, model: String, prompt: String?, temperature: Float, topp: Float,
                              seed: UInt64, steps: Int?, tokenizer: Tokenizer, file: StaticString = #filePath,
                              line: UInt = #line) throws -> [[Float]] {
        let logitsURL = host.folder.appendingPathComponent("logits-\(UUID().uuidString).bin")
        var args = [model, "-z", "tok.bin", "-t", "\(temperature)", "-p", "\(topp)", "-s", "\(seed)", "-l", logitsURL.path]
        if let prompt { args += ["-i", prompt] }
        if let steps { args += ["-n", "\(steps)"] }
        let r = try host.run(args)
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        let logits = try HostTestSupport.readLogits(logitsURL, vocab: Self.config.vocabSize)
        let promptTokens = try tokenizer.encode(prompt ?? "", bos: true)
        let expected = try HostTestSupport.expectedOutput(
            logits: logits, prompt: promptTokens, temperature: temperature, topp: topp, seed: seed,
            steps: steps.map { $0 == 0 ? Self.config.seqLen : $0 } ?? min(256, Self.config.seqLen), tokenizer: tokenizer)
        XCTAssertEqual(Array(r.stdout.utf8), expected.text, "stdout differs from llama2.c's loop", file: file, line: line)
        XCTAssertEqual(logits.count, expected.steps, "one logits record per step", file: file, line: line)
        XCTAssertTrue(logits.allSatisfy { $0.allSatisfy(\.isFinite) }, file: file, line: line)
        if expected.steps > 1 {
            XCTAssertTrue(r.stderr.hasPrefix("achieved tok/s: "), r.stderr, file: file, line: line)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr, file: file, line: line)
        }
        return logits
    }

    func testFloatHostGeneratesWithEverySampler() throws {
        let host = try floatHost()
        let tokenizer = try writeModels(in: host.folder)
        // Greedy, top-p, plain multinomial (topp 1), with and without a prompt.
        try runAndReplay(host, model: "model.bin", prompt: nil, temperature: 0, topp: 0.9, seed: 1, steps: nil, tokenizer: tokenizer)
        try runAndReplay(host, model: "model.bin", prompt: "Once upon a time", temperature: 0.8, topp: 0.9, seed: 42,
                         steps: 24, tokenizer: tokenizer)
        try runAndReplay(host, model: "model.bin", prompt: "héllo ✓", temperature: 1.0, topp: 1.0, seed: 5, steps: 0,
                         tokenizer: tokenizer)
        try runAndReplay(host, model: "shared.bin", prompt: "a shared classifier", temperature: 0.5, topp: 0.5, seed: 9,
                         steps: 10, tokenizer: tokenizer)
    }

    func testQ8HostGeneratesAndQuantizesFloatCheckpointsLikeTheSwiftQuantizer() throws {
        let host = try q8Host()
        let tokenizer = try writeModels(in: host.folder)
        let fromFile = try runAndReplay(host, model: "model_q80.bin", prompt: "abc", temperature: 0.9, topp: 0.9, seed: 11,
                                        steps: 20, tokenizer: tokenizer)
        // The float checkpoint, quantized by the host with the design's group size, gives the same logits bit for bit.
        let onTheFly = try runAndReplay(host, model: "model.bin", prompt: "abc", temperature: 0.9, topp: 0.9, seed: 11,
                                        steps: 20, tokenizer: tokenizer)
        XCTAssertEqual(fromFile.map { $0.map(\.bitPattern) }, onTheFly.map { $0.map(\.bitPattern) })
        try runAndReplay(host, model: "shared_q80.bin", prompt: "xyz", temperature: 0, topp: 0.9, seed: 1, steps: 12,
                         tokenizer: tokenizer)
    }

    /// A float design given a Q8_0 checkpoint runs on its dequantized weights (runq.c's dequantize).
    func testFloatHostDequantizesQ8Checkpoints() throws {
        let host = try floatHost()
        let tokenizer = try writeModels(in: host.folder)
        let q8 = try Q8Checkpoint(contentsOf: host.folder.appendingPathComponent("model_q80.bin"))
        let w = q8.weights
        let dequantized = try FloatCheckpoint(config: q8.config, weights: FloatWeights(
            tokenEmbedding: w.tokens.dequantized(), rmsAtt: w.rmsAtt, wq: w.wq.dequantized(), wk: w.wk.dequantized(),
            wv: w.wv.dequantized(), wo: w.wo.dequantized(), rmsFFN: w.rmsFFN, w1: w.w1.dequantized(), w2: w.w2.dequantized(),
            w3: w.w3.dequantized(), rmsFinal: w.rmsFinal, wcls: w.wcls?.dequantized()))
        try dequantized.write(to: host.folder.appendingPathComponent("dequantized.bin"))
        let a = try runAndReplay(host, model: "model_q80.bin", prompt: "q", temperature: 0, topp: 0.9, seed: 1, steps: 16,
                                 tokenizer: tokenizer)
        let b = try runAndReplay(host, model: "dequantized.bin", prompt: "q", temperature: 0, topp: 0.9, seed: 1, steps: 16,
                                 tokenizer: tokenizer)
        XCTAssertEqual(a.map { $0.map(\.bitPattern) }, b.map { $0.map(\.bitPattern) })
    }

    /// A hardware schedule in the exact profile (the design that goes to the FPGA) builds and
    /// runs the same way.
    func testExactProfileHardwareScheduleHost() throws {
        let design = try HostTestSupport.design(HostTestSupport.shape(Self.config), groupSize: Self.groupSize,
                                                schedule: .hardware, profile: .exact)
        let host = try HostTestSupport.csimHost(design, key: "small-q8-exact-hardware")
        let tokenizer = try writeModels(in: host.folder)
        try runAndReplay(host, model: "model_q80.bin", prompt: "Once", temperature: 0.7, topp: 0.95, seed: 3, steps: nil,
                         tokenizer: tokenizer)
    }

    /// The same seed gives the same text; another seed (at temperature 1) gives another.
    func testSeedDecidesTheSample() throws {
        let host = try floatHost()
        _ = try writeModels(in: host.folder)
        let a = try host.run(["model.bin", "-z", "tok.bin", "-s", "123", "-n", "30"])
        let b = try host.run(["model.bin", "-z", "tok.bin", "-s", "123", "-n", "30"])
        let c = try host.run(["model.bin", "-z", "tok.bin", "-s", "124", "-n", "30"])
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertGreaterThan(a.stdout.utf8.count, 10, a.stdout)
        XCTAssertEqual(a.stdout, b.stdout)
        XCTAssertNotEqual(a.stdout, c.stdout)
    }

    func testStories260KFloatPrintsLlama2cGreedyStory() throws {
        try checkRealModel(checkpoint: "stories260K.bin", groupSize: nil, expected: "stories260K.greedy.txt")
    }

    func testStories260KQ8PrintsRunqGreedyStory() throws {
        try checkRealModel(checkpoint: "stories260K_q80.bin", groupSize: 4, expected: "stories260K_q80.greedy.txt")
    }

    private func checkRealModel(checkpoint: String, groupSize: Int?, expected: String) throws {
        let models = HostTestSupport.modelsFolder
        let paths = [checkpoint, "tok512.bin", expected].map { models.appendingPathComponent($0).path }
        guard paths.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) else {
            throw XCTSkip("\(models.path) lacks \(checkpoint), tok512.bin or \(expected)")
        }
        let host = try HostTestSupport.csimHost(try HostTestSupport.design(HostTestSupport.stories260K, groupSize: groupSize),
                                                key: "stories260K-\(groupSize.map { "q8-\($0)" } ?? "float")")
        let r = try host.run([paths[0], "-t", "0", "-z", paths[1]])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, try String(contentsOfFile: paths[2], encoding: .utf8))
        XCTAssertTrue(r.stderr.hasPrefix("achieved tok/s: "), r.stderr)
    }
}
