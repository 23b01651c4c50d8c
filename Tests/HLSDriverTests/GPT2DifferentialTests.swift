import HLSDriver
import HLSIR
import HLSLayers
import HLSModels
import XCTest

/// GPT-2's layers and whole forward pass: interpreter and compiled C simulation agree on
/// every output word, both profiles, float and Q8_0, reference and hardware schedules.
final class GPT2DifferentialTests: XCTestCase {
    static let shape = GPT2Shape(channels: 16, layers: 2, heads: 4, vocab: 37, paddedVocab: 40, seqLen: 8)

    /// The layers on their own, under the reference order and under lanes/unrolling.
    func testLayersAgreeWithTheCSimulation() throws {
        let compiler = try TestSupport.compiler()
        let work = try TestSupport.temporaryDirectory(self)
        var n = 0
        for profile in MathProfile.allCases {
            var q8Lanes = Schedule()
            q8Lanes.lanes("mvb_q8.groups", 3)
            q8Lanes.unroll("mvb_q8.dot", factor: 4)
            var designs: [Design] = [
                Design(top: "layernorm", kernels: [try LayerNorm.kernel("layernorm", size: 48, profile: profile)], schedule: Schedule(), profile: profile),
                Design(top: "layernorm", kernels: [try LayerNorm.kernel("layernorm", size: 48, profile: profile)],
                       schedule: LayerNorm.schedule("layernorm", lanes: 4), profile: profile),
                Design(top: "gelu", kernels: [try GELU.kernel("gelu", size: 64, profile: profile)], schedule: GELU.schedule("gelu", unroll: 4), profile: profile),
                Design(top: "mvb", kernels: [try MatVecBias.kernel("mvb", n: 48, d: 20)], schedule: Schedule(), profile: profile),
                Design(top: "mvb", kernels: [try MatVecBias.kernel("mvb", n: 48, d: 20)], schedule: MatVec.schedule("mvb", lanes: 5, unroll: 2), profile: profile),
                Design(top: "mvb_q8", kernels: [try MatVecBias.quantized("mvb_q8", n: 48, d: 20, groupSize: 8)], schedule: Schedule(), profile: profile),
                Design(top: "mvb_q8", kernels: [try MatVecBias.quantized("mvb_q8", n: 48, d: 20, groupSize: 8)], schedule: q8Lanes, profile: profile),
                Design(top: "attention_at", kernels: try attention(profile), schedule: Schedule(), profile: profile),
            ]
            var lanes = Schedule()
            lanes.lanes("attention.qk", 2)
            lanes.lanes("attention.last_qk", 3)
            lanes.lanes("attention.exp_sum", 2)
            lanes.lanes("attention.find_max", 3)
            lanes.unroll("attention.value_row", factor: 2)
            designs.append(Design(top: "attention_at", kernels: try attention(profile), schedule: lanes, profile: profile))
            for d in designs {
                XCTAssertEqual(ScheduleValidator.problems(in: d), [], "\(d.top)")
                n += 1
                for seed: UInt64 in [1, 2] {
                    let verdicts = try Verifier(compiler: compiler, seed: seed).verifyBatch([try BoundDesign.bind(d)], work: "\(work)/\(n)-\(seed)")
                    for v in verdicts { XCTAssertTrue(v.passed, "\(profile) \(d.top) #\(n): \(v)") }
                }
            }
        }
    }

    /// The attention kernel under a top that passes it pos and pos / blockRows, as the
    /// forward design does.
    private func attention(_ profile: MathProfile) throws -> [Kernel] {
        let s = Self.shape
        let att = try GPT2Attention.kernel("attention", shape: s, profile: profile)
        let k = KernelBuilder("attention_at")
        let out = k.output("out", .float32, count: s.channels)
        let qkv = k.input("qkv", .float32, count: 3 * s.channels)
        let kc = k.inputOutput("key_cache", .float32, count: s.seqLen * s.channels)
        let vc = k.inputOutput("value_cache", .float32, count: s.seqLen * s.channels)
        let pos = k.size("pos", max: s.seqLen - 1)
        k.call(att, [out.from(), qkv.from(), kc.from(), vc.from(), .index(pos.index), .index(pos.index / GPT2Attention.blockRows(s))])
        return [att, try k.build()]
    }

    /// The forward design with random inputs (one call at a random position).
    func testForwardAgreesWithTheCSimulation() throws {
        let compiler = try TestSupport.compiler()
        let work = try TestSupport.temporaryDirectory(self)
        var n = 0
        for weights in [LlamaWeights.float, .q8(groupSize: 4)] {
            for profile in MathProfile.allCases {
                for style in GPT2Schedule.allCases {
                    let d = try GPT2Forward.design(Self.shape, weights: weights, profile: profile, schedule: style)
                    XCTAssertEqual(ScheduleValidator.problems(in: d), [], "\(weights) \(profile) \(style)")
                    n += 1
                    let verdicts = try Verifier(compiler: compiler, seed: UInt64(n)).verifyBatch([try BoundDesign.bind(d)], work: "\(work)/\(n)")
                    for v in verdicts { XCTAssertTrue(v.passed, "\(weights) \(profile) \(style): \(v)") }
                }
            }
        }
        // Wider rows take the hardware schedule's other paths (float dot lanes over 4C = 96
        // inputs, Q8_0 group lanes with 12 groups per row).
        let wide = GPT2Shape(channels: 24, layers: 1, heads: 3, vocab: 30, paddedVocab: 32, seqLen: 6)
        for weights in [LlamaWeights.float, .q8(groupSize: 2)] {
            let d = try GPT2Forward.design(wide, weights: weights, profile: .libm, schedule: .hardware)
            XCTAssertEqual(ScheduleValidator.problems(in: d), [], "\(weights) wide")
            n += 1
            let verdicts = try Verifier(compiler: compiler, seed: UInt64(n)).verifyBatch([try BoundDesign.bind(d)], work: "\(work)/\(n)")
            for v in verdicts { XCTAssertTrue(v.passed, "\(weights) wide hardware: \(v)") }
        }
    }

    /// `hlsgen verify --checkpoint` on a random GPT-2 checkpoint: the generated testbench
    /// (four positions, the KV cache carried over) passes, float and Q8_0, both profiles.
    func testVerifyCommandOnARandomCheckpoint() throws {
        _ = try TestSupport.compiler()
        let dir = try TestSupport.temporaryDirectory(self)
        let (checkpoint, _) = try GPT2TestSupport.writeRandomModel(into: dir)
        for (i, options) in [[], ["--quantize", "--profile", "exact"], ["--quantize", "--group-size", "8", "--schedule", "hardware"],
                             ["--profile", "exact", "--schedule", "hardware"]].enumerated() {
            let (status, _, out, err) = LlamaTestSupport.hlsgen(["verify", "--checkpoint", checkpoint, "--output", "\(dir)/out\(i)"] + options)
            XCTAssertEqual(status, 0, "\(options): \(out) \(err)")
            XCTAssertTrue(out.contains { $0.hasPrefix("PASS forward") }, "\(options): \(out)")
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(dir)/out\(i)/gpt2.h"), "the llm.c host")
        }
    }
}
