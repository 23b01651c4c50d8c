import Foundation
import HLSDriver
import HLSEmitter
import HLSEstimator
import HLSIR
import HLSInterpreter
import HLSLayers
import HLSModels
import XCTest

/// Q4 weights for GPT-2: the Q4 product with a bias (interpreter against the format and
/// against the C simulation), the whole forward design in C simulation on seeded inputs and on
/// a random checkpoint's weights, the command line (`--quantize q4`) and the estimator's
/// halved weight bytes.
final class GPT2Q4Tests: XCTestCase {
    static let (n, d, gs) = (48, 20, 8)

    static func biasDesign(_ profile: MathProfile, _ schedule: Schedule) throws -> Design {
        Design(top: "mvb_q4", kernels: [try MatVecQ4.quantized("mvb_q4", n: n, d: d, groupSize: gs, bias: true)],
               schedule: schedule, profile: profile)
    }

    /// The bias starts the float accumulation over groups, which then adds
    /// ((float)dot · ws) · xs group after group: the interpreter, bit for bit.
    func testBiasStartsTheQ4Accumulation() throws {
        let (n, d, gs) = (Self.n, Self.d, Self.gs)
        var rng = SeededRandom(seed: 9)
        let xq = (0..<n).map { _ in Int8(truncatingIfNeeded: Int(rng.next() % 255) - 127) }
        let xs = (0..<(n / gs)).map { _ in rng.nextSignedUnitFloat() / 100 }
        let bytes = (0..<(n * d / 2)).map { i in UInt8(truncatingIfNeeded: i &* 53 &+ 7) }
        let ws = (0..<(n * d / gs)).map { _ in rng.nextSignedUnitFloat() / 7 }
        let bias = (0..<d).map { _ in rng.nextSignedUnitFloat() * 3 }
        let out = try Interpreter(try BoundDesign.bind(try Self.biasDesign(.libm, Schedule())))
            .run(["xq": .raw(xq.map { Int64($0) }), "xs": .float(xs), "wq": .raw(bytes.map { Int64(Int8(bitPattern: $0)) }),
                  "ws": .float(ws), "bias": .float(bias)])
        guard case .float(let got)? = out["xout"] else { return XCTFail("no float xout") }
        let w = Q4Tensor(packed: bytes, scales: ws, groupSize: gs)
        for r in 0..<d {
            var acc = bias[r]
            for g in 0..<(n / gs) {
                var dot: Int32 = 0
                for c in 0..<gs { dot += Int32(xq[g * gs + c]) * Int32(w.value(r * n + g * gs + c)) }
                acc += (Float(dot) * ws[r * (n / gs) + g]) * xs[g]
            }
            XCTAssertEqual(got[r].bitPattern, acc.bitPattern, "row \(r)")
        }
    }

    /// The Q4 product with a bias in C simulation: one lane, lanes (partial 0 starts at the
    /// bias, the others at 0), groups unrolled in lanes, both profiles.
    func testQ4BiasLayerAgreesWithTheCSimulation() throws {
        let compiler = try TestSupport.compiler()
        let work = try TestSupport.temporaryDirectory(self)
        // Schedule variants of a kernel named `name`.
        func schedules(_ name: String) -> [Schedule] {
            var lanes = Schedule()
            lanes.lanes("\(name).groups", 3)
            lanes.unroll("\(name).dot", factor: 4)
            lanes.pipeline("\(name).groups")
            // As the hardware schedule's beat: groups pipelined, unrolled by 2 in 6 lanes.
            var beat = Schedule()
            beat.pipeline("\(name).groups")
            beat.lanes("\(name).groups", 6)
            beat.unroll("\(name).groups", factor: 2)
            beat.unroll("\(name).dot", factor: Self.gs / 2)
            return [Schedule(), lanes, beat]
        }
        var designs: [Design] = []
        for profile in MathProfile.allCases {
            for v in 0..<3 {
                let name = "mvb_q4_\(designs.count)"
                designs.append(Design(top: name, kernels: [try MatVecQ4.quantized(name, n: Self.n, d: Self.d, groupSize: Self.gs, bias: true)],
                                      schedule: schedules(name)[v], profile: profile))
            }
        }
        for d in designs { XCTAssertEqual(ScheduleValidator.problems(in: d), [], d.top) }
        for seed: UInt64 in [1, 2] {
            let verdicts = try Verifier(compiler: compiler, seed: seed).verifyBatch(try designs.map { try BoundDesign.bind($0) }, work: "\(work)/\(seed)")
            XCTAssertEqual(verdicts.count, designs.count)
            for v in verdicts { XCTAssertTrue(v.passed, "\(v)") }
        }
    }

    /// The whole forward design with Q4 weights (seeded inputs, one call): both profiles and
    /// schedules, and a wider shape whose products unroll several groups per beat.
    func testForwardAgreesWithTheCSimulation() throws {
        let compiler = try TestSupport.compiler()
        let work = try TestSupport.temporaryDirectory(self)
        var designs: [(String, Design)] = []
        for profile in MathProfile.allCases {
            for style in GPT2Schedule.allCases {
                designs.append(("\(profile) \(style)", try GPT2Forward.design(GPT2DifferentialTests.shape, weights: .q4(groupSize: 4),
                                                                               profile: profile, schedule: style)))
            }
        }
        let wide = GPT2Shape(channels: 24, layers: 1, heads: 3, vocab: 30, paddedVocab: 32, seqLen: 6)
        designs.append(("wide", try GPT2Forward.design(wide, weights: .q4(groupSize: 2), profile: .libm, schedule: .hardware)))
        for (i, (label, d)) in designs.enumerated() {
            XCTAssertEqual(ScheduleValidator.problems(in: d), [], label)
            XCTAssertNotNil(d.topKernel.buffer("qkvw_q4"), label)
            XCTAssertNotNil(d.topKernel.buffer("wte_q4"), label)
            let verdicts = try Verifier(compiler: compiler, seed: UInt64(i + 1)).verifyBatch([try BoundDesign.bind(d)], work: "\(work)/\(i)")
            for v in verdicts { XCTAssertTrue(v.passed, "\(label): \(v)") }
        }
    }

    /// A random checkpoint quantized to Q4, its own tensors fed to the design: five positions
    /// (the KV cache carried over) in C simulation equal the interpreter's logits on every
    /// word, reference and hardware schedules.
    func testForwardOnARandomCheckpointAgreesWithTheCSimulation() throws {
        let compiler = try TestSupport.compiler()
        let work = try TestSupport.temporaryDirectory(self)
        let checkpoint = try GPT2RandomModel.checkpoint(config: GPT2TestSupport.smallConfig, seed: 3)
        let model = try GPT2Model(checkpoint, name: "g", quantization: .q4, groupSize: 8)
        XCTAssertEqual(model.weights, .q4(groupSize: 8))
        XCTAssertEqual(model.variant, "q4")
        for style in GPT2Schedule.allCases {
            let bound = try BoundDesign.binding(try model.design(profile: .libm, schedule: style))
            let inputs = try model.inputs(for: bound)
            guard case .raw(let packed)? = inputs["qkvw_q4"] else { return XCTFail("no packed qkvw") }
            XCTAssertEqual(packed.count, 3 * 16 * 16 * 3 / 2, "two weights per byte")
            let calls: [[String: Int64]] = [60, 2, 17, 17, 44].enumerated().map { ["token": Int64($0.element), "pos": Int64($0.offset)] }
            let plan = TestbenchPlan(inputs: .files, calls: calls, checked: ["logits", "key_cache"], cosim: false)
            let folder = "\(work)/\(style.rawValue)"
            _ = try Generator.write([(style.rawValue, try Emitter.emit(bound, testbench: plan) + TestbenchData.files(bound, plan: plan, seed: 1, inputs: inputs))],
                                    to: work)
            let verdicts = try Verifier(compiler: compiler).verify([bound], folders: [bound.top: folder], work: "\(work)/\(style.rawValue)-run")
            for v in verdicts { XCTAssertTrue(v.passed, "\(style): \(v)") }
        }
    }

    /// `verify`, `generate` and `run` (interpreter and the generated host in C simulation)
    /// with `--quantize q4` on a random checkpoint.
    func testCommandLine() throws {
        _ = try TestSupport.compiler()
        let dir = try TestSupport.temporaryDirectory(self)
        let (checkpoint, tok) = try GPT2TestSupport.writeRandomModel(into: dir)
        for schedule in ["reference", "hardware"] {
            let out = "\(dir)/v-\(schedule)"
            let (status, _, lines, err) = LlamaTestSupport.hlsgen(["verify", "--checkpoint", checkpoint, "--quantize", "q4", "--schedule", schedule,
                                                                   "--output", out])
            XCTAssertEqual(status, 0, "\(schedule): \(lines) \(err)")
            XCTAssertTrue(lines.contains { $0.hasPrefix("PASS forward") }, "\(lines)")
            let kernel = try String(contentsOfFile: out + "/forward.cpp", encoding: .utf8)
            XCTAssertTrue(kernel.contains("fcprojw_q4") && kernel.contains("wte_q4"), "packed Q4 ports")
            XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/gpt2.h"), "the llm.c host (it quantizes to Q4 on the fly)")
            let host = try String(contentsOfFile: out + "/host.cpp", encoding: .utf8)
            XCTAssertTrue(host.contains("d.q4 = true"), "the binding states Q4")
        }
        let (gs, _, gl, ge) = LlamaTestSupport.hlsgen(["generate", "--checkpoint", checkpoint, "--quantize", "q4", "--group-size", "4"])
        XCTAssertEqual(gs, 0, "\(ge)")
        XCTAssertTrue(gl.contains { $0.contains("Generated/") && $0.contains("-q4-reference") }, "\(gl)")
        if let line = gl.first, let folder = line.split(separator: " ").last { try? FileManager.default.removeItem(atPath: String(folder)) }

        // The interpreter run: sampled text, greedy ids; Q4 differs from Q8_0 and float.
        let base = ["run", "--checkpoint", checkpoint, "--steps", "12", "--temperature", "0", "--ids"]
        let (s4, t4, _, e4) = LlamaTestSupport.hlsgen(base + ["--quantize", "q4"])
        XCTAssertEqual(s4, 0, "\(e4)")
        let ids = GPT2TestSupport.ids(t4)
        XCTAssertEqual(ids.count, 11)
        XCTAssertTrue(ids.allSatisfy { $0 < GPT2TestSupport.smallConfig.vocabSize })
        XCTAssertEqual(LlamaTestSupport.hlsgen(base + ["--quantize", "q4", "--group-size", "16"]).1, t4, "16 is the default for C = 16")
        let (st, text, _, et) = LlamaTestSupport.hlsgen(["run", "--checkpoint", checkpoint, "--tokenizer", tok, "--steps", "8", "--quantize", "q4"])
        XCTAssertEqual(st, 0, "\(et)")
        XCTAssertFalse(text.isEmpty)
        // accuracy: Q4 against float on the same teacher-forced sequence.
        let (sa, _, ta, ea) = LlamaTestSupport.hlsgen(["accuracy", "--checkpoint", checkpoint, "--quantize", "q4", "--positions", "24"])
        XCTAssertEqual(sa, 0, "\(ea)")
        XCTAssertTrue(ta.contains { $0.contains("Q4") }, "the variant names Q4: \(ta)")
        XCTAssertTrue(ta.last?.hasPrefix("accuracy: top-1 ") == true, "\(ta)")
        // The generated host in C simulation (gpt2.h quantizes the checkpoint to Q4 itself)
        // prints the interpreter's ids and text: greedy and sampled, both schedules.
        for extra in [["--temperature", "0", "--ids"], ["--temperature", "0.9", "--ids", "--schedule", "hardware", "--group-size", "4"],
                      ["--tokenizer", tok, "--seed", "7"]] {
            let args = ["run", "--checkpoint", checkpoint, "--steps", "10", "--quantize", "q4"] + extra
            let (si, ti, _, ei) = LlamaTestSupport.hlsgen(args)
            let (sc, tc, _, ec) = LlamaTestSupport.hlsgen(args + ["--engine", "csim"])
            XCTAssertEqual(si, 0, "\(ei)")
            XCTAssertEqual(sc, 0, "\(ec)")
            XCTAssertFalse(ti.isEmpty)
            XCTAssertEqual(tc, ti, "\(extra)")
        }
    }

    func testBadOptionsAreOneLineErrors() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (checkpoint, _) = try GPT2TestSupport.writeRandomModel(into: dir)
        let generate = ["generate", "--checkpoint", checkpoint, "--quantize", "q4", "--output", dir + "/x"]
        func groupSize(_ n: Int) -> String { "hlsgen: error: option --group-size is \(n); expected an even divisor of channels 16 for q4 (two weights per byte)" }
        LlamaTestSupport.assertOneLineErrors([
            (generate + ["--group-size", "3"], groupSize(3)),
            (generate + ["--group-size", "32"], groupSize(32)),
            (generate + ["--schedule", "hardware", "--engines", "2"],
             "hlsgen: error: the checkpoint's shape has no forward design: engines 2 with Q4 weights: not yet (Q4 designs have one engine)"),
            (["estimate", "--shape", "gpt2-124m", "--weights", "q4", "--group-size", "5"],
             "hlsgen: error: option --group-size is 5; expected an even divisor of channels 768 for q4"),
            (["estimate", "--shape", "gpt2-124m", "--weights", "q3"], "hlsgen: error: GPT-2 shape gpt2-124m: weights 'q3'; expected float, q8 or q4"),
        ])
        LlamaTestSupport.assertOneLineErrors([
            (["accuracy", "--checkpoint", checkpoint, "--quantize", "q4", "--profile", "integer"],
             "hlsgen: error: option --profile integer needs Q8_0 weights; got --quantize q4 (use --quantize q8, or a Q8_0 checkpoint)"),
        ])
        // Devices stay float or Q8_0: one line naming Q4.
        let (status, _, _, err) = LlamaTestSupport.hlsgen(["run", "--checkpoint", checkpoint, "--quantize", "q4", "--devices", "2", "--ids", "--steps", "3"])
        XCTAssertEqual(status, 1)
        XCTAssertEqual(err.count, 1)
        XCTAssertTrue(err.first?.contains("Q4: not yet") == true, "\(err)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/x"))
    }

    /// GPT-2 124M, hardware schedule, group size 32: the packed values are half the Q8_0
    /// values' bytes, the scales the same, the weight ports stream 512-bit beats, and the
    /// bytes per token drop by more than a quarter (`Q4ModelTests.assertHalvedWeightBytes`).
    func testEstimatorCountsHalfTheWeightBytes() throws {
        let s = GPT2Shape(channels: 768, layers: 12, heads: 12, vocab: 50257, paddedVocab: 50304, seqLen: 1024)
        // 124M weights: 85M in the layers plus the 38.6M-weight classifier, a byte each in Q8_0.
        try Q4ModelTests.assertHalvedWeightBytes(minimumQ8Bytes: 120_000_000) { w throws in
            try GPT2Forward.design(s, weights: w, profile: .libm, schedule: .hardware)
        }
    }
}
