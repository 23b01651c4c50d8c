import Foundation
import HLSEmitter
import HLSEstimator
import HLSConfig
import HLSIR
import HLSLayers
import XCTest
@testable import HLSDriver

/// The estimate table, the HTML page and their helpers on hand-built estimates.
final class EstimateRenderingTests: XCTestCase {
    static let device = Device(name: "f1", part: "xcvu9p-flgb2104-2-i", family: .ultraScalePlus,
                               available: Resources(dsp: 6840, bram18k: 4320, uram: 960, ff: 2_364_480, lut: 1_182_240),
                               slrs: 3, memory: [MemoryBanks(kind: "DDR", banks: 4, bytesPerSecond: 19.2e9)])

    /// A two-function design: `top` calls `mv` 3 times; `mv.rows` holds a pipelined `mv.dot`
    /// limited by a recurrence; one bundle does not burst. Names carry HTML metacharacters.
    static func sample() -> EstimatedDesign {
        let dot = LoopEstimate(name: "mv.dot", depth: 1, trips: CycleRange(exactly: 64), iterationLatency: 9, ii: 4, iiTarget: 1,
                               limit: .recurrence(variable: "acc", chain: ["fadd"], cycles: 4), pipelined: true,
                               latency: CycleRange(exactly: 264), pragmas: ["PIPELINE II=1", "lanes=1 <note>"])
        let rows = LoopEstimate(name: "mv.rows", depth: 0, trips: CycleRange(exactly: 32), iterationLatency: 266, ii: nil, iiTarget: nil,
                                limit: .notPipelined, pipelined: false, latency: CycleRange(exactly: 8512), children: [dot])
        let scan = LoopEstimate(name: "top.scan", depth: 0, trips: CycleRange(min: 1, avg: 256, max: 512), iterationLatency: 3,
                                ii: 1, iiTarget: 1, limit: .none, pipelined: true, latency: CycleRange(min: 4, avg: 259, max: 515))
        let mv = FunctionEstimate(name: "mv", latency: CycleRange(exactly: 8514), interval: CycleRange(exactly: 8515),
                                  resources: Resources(dsp: 5, bram18k: 2, uram: 0, ff: 900, lut: 1400), loops: [rows])
        let top = FunctionEstimate(name: "top", latency: CycleRange(min: 25_600, avg: 25_900, max: 26_200),
                                   interval: CycleRange(min: 25_601, avg: 25_901, max: 26_201),
                                   resources: Resources(dsp: 7000, bram18k: 10, uram: 1, ff: 2000, lut: 3000), loops: [scan],
                                   calls: ["mv": 3])
        let bundles = [
            BundleEstimate(name: "gmem_w", ports: ["w"], bytesRead: 24_576, bytesWritten: 0, bursts: true, burstNote: "",
                           beatBits: 512, bandwidth: 9.6e9),
            BundleEstimate(name: "gmem_kv", ports: ["k", "v"], bytesRead: 4096, bytesWritten: 128, bursts: false,
                           burstNote: "index <pos> & offset \"runtime\"", beatBits: 32, bandwidth: 0.3e9),
        ]
        let estimate = DesignEstimate(top: "top", device: "f1", part: device.part, clockMHz: 300, functions: [top, mv],
                                      bundles: bundles, total: Resources(dsp: 7005, bram18k: 12, uram: 1, ff: 2900, lut: 4400),
                                      available: device.available, latency: top.latency,
                                      warnings: ["mv.x: 2 banks < 8 parallel accesses <raises II>"])
        // gmem_kv, the slowest bundle, moves 4224 bytes at 0.3 GB/s: 14.08 µs per token.
        let t = ThroughputEstimate(cyclesPerToken: 25_900, scheduleTokensPerSecond: 300e6 / 25_900,
                                   bundleBoundTokensPerSecond: 0.3e9 / 4224, slowestBundle: "gmem_kv",
                                   bytesPerToken: 28_800, rooflineTokensPerSecond: 76.8e9 / 28_800)
        return EstimatedDesign(name: "tiny<model>", summary: "a hand-built <model> & friends", estimate: estimate,
                               loopPragmas: ["mv.dot": ["#pragma HLS PIPELINE II=1"]],
                               functionPragmas: ["mv": ["#pragma HLS ARRAY_PARTITION variable=x type=cyclic factor=2 dim=1"]],
                               throughput: ModelThroughput(t, device: device, bundles: bundles))
    }

    func testTextTablesAndSummaryLine() throws {
        let lines = EstimateText.lines(EstimateRun(board: Self.device, clockMHz: 300, designs: [Self.sample()]))
        XCTAssertEqual(lines[0], "top: a hand-built <model> & friends")
        XCTAssertEqual(lines[1], "on f1 (xcvu9p-flgb2104-2-i) at 300 MHz")
        let header = try XCTUnwrap(lines.first { $0.hasPrefix("function / loop") })
        for column in ["trips", "iter lat", "II ach/tgt", "latency", "DSP", "BRAM18K", "URAM", "FF", "LUT", "limit"] {
            XCTAssertTrue(header.contains(column), column)
        }
        // Loops are indented by depth under their function; II shows achieved/target.
        let dot = try XCTUnwrap(lines.first { $0.hasPrefix("    dot ") })
        XCTAssertTrue(dot.contains(" 4/1 "), dot)
        XCTAssertTrue(dot.hasSuffix("recurrence on acc through fadd (4 cycles)"), dot)
        XCTAssertTrue(lines.contains { $0.hasPrefix("  rows ") && $0.hasSuffix("not pipelined") })
        XCTAssertTrue(lines.contains { $0.hasPrefix("  scan ") && $0.contains("1~512") })
        let topRow = try XCTUnwrap(lines.first { $0.hasPrefix("top ") })
        XCTAssertTrue(topRow.contains("7000 (102.3%)"), topRow)
        XCTAssertTrue(lines.contains("does not fit f1: DSP 102.4%"), "\(lines)")
        let kv = try XCTUnwrap(lines.first { $0.hasPrefix("gmem_kv ") })
        XCTAssertTrue(kv.contains(" no "), kv)
        XCTAssertTrue(kv.contains("4.10 kB") && kv.contains("128 B") && kv.contains("300 MB/s"), kv)
        XCTAssertTrue(lines.contains("  - mv.x: 2 banks < 8 parallel accesses <raises II>"))
        XCTAssertTrue(lines.contains { $0.contains("4 × DDR 19.2 GB/s = 76.8 GB/s") })
        // The slowest bundle: gmem_kv moves 4224 bytes at 0.3 GB/s, 14.08 µs per token.
        XCTAssertTrue(lines.contains { $0.hasPrefix("m_axi-bound tokens/s (slowest bundle: gmem_kv)") && $0.hasSuffix(" 71023") }, "\(lines)")
        XCTAssertEqual(lines.last, "modeled: 11583 tok/s, roofline: 2666667 tok/s, ratio: 0.0043")
    }

    func testPageEscapesTextAndDrawsCharts() {
        let html = ReportPage.document(EstimateRun(board: Self.device, clockMHz: 300, designs: [Self.sample()]), name: "tiny<model>")
        XCTAssertFalse(html.contains("<model>"), "unescaped text")
        XCTAssertTrue(html.contains("tiny&lt;model&gt;"))
        XCTAssertTrue(html.contains("a hand-built &lt;model&gt; &amp; friends"))
        XCTAssertTrue(html.contains("index &lt;pos&gt; &amp; offset &quot;runtime&quot;"))
        XCTAssertTrue(html.contains("<code>#pragma HLS PIPELINE II=1</code><br><span class=\"estimator-note\">lanes=1 &lt;note&gt;</span>"),
                      "generated pragmas, then the estimator's notes that are not among them")
        XCTAssertTrue(html.contains("<code>#pragma HLS ARRAY_PARTITION variable=x type=cyclic factor=2 dim=1</code>"))
        XCTAssertEqual(html.components(separatedBy: "<svg").count - 1, 4)
        XCTAssertTrue(html.contains("does not fit"))
        XCTAssertTrue(html.contains("mv ×3"), "latency breakdown names the callee and its calls")
        XCTAssertTrue(html.contains("top (own loops)"))
        XCTAssertFalse(html.contains("http"))
    }

    func testLatencyBreakdown() {
        let b = LatencyBreakdown(Self.sample().estimate)
        XCTAssertEqual(b.total, 25_900)
        XCTAssertEqual(b.items.map(\.name), ["mv", "top (own loops)"])
        XCTAssertEqual(b.items[0].cycles, 3 * 8514)
        XCTAssertEqual(b.items[1].cycles, 25_900 - 3 * 8514)
        XCTAssertFalse(b.overlapping)
        XCTAssertEqual(b.longestLoop?.name, "top.scan")

        // Without callees, the top-level loops and the rest.
        var single = Self.sample().estimate
        single.functions = [single.functions[0]]
        single.functions[0].calls = [:]
        let loops = LatencyBreakdown(single)
        XCTAssertEqual(loops.items.map(\.name), ["scan", "top (outside loops)"], "the rest comes last")
        XCTAssertEqual(loops.items.map(\.cycles), [259, 25_900 - 259])
    }

    func testQuantities() {
        XCTAssertEqual(Quantities.significant(0.0034567, 2), "0.0035")
        XCTAssertEqual(Quantities.significant(243.94), "244")
        XCTAssertEqual(Quantities.significant(12.345), "12.3")
        XCTAssertEqual(Quantities.significant(123_456.7), "123457")
        XCTAssertEqual(Quantities.significant(0), "0")
        XCTAssertEqual(Quantities.bytes(512), "512 B")
        XCTAssertEqual(Quantities.bytes(1_180_000), "1.18 MB")
        XCTAssertEqual(Quantities.bandwidth(460e9), "460 GB/s")
        XCTAssertEqual(Quantities.percent(1, of: 100_000), "<0.1%")
        XCTAssertEqual(Quantities.percent(5, of: 0), "n/a")
        XCTAssertEqual(Quantities.percent(0, of: 0), "-")
        XCTAssertEqual(Quantities.megahertz(300), "300")
        XCTAssertEqual(Quantities.megahertz(312.5), "312.5")
        XCTAssertEqual(Quantities.time(cycles: 300_000, clockMHz: 300), "1.00 ms")
    }

    func testHTMLEscaping() {
        let node = HTML.el("p", [("title", "a\"b<c>&'")], text: "<script>alert('x')</script> & more")
        XCTAssertEqual(node.render(), "<p title=\"a&quot;b&lt;c&gt;&amp;&#39;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more</p>\n")
    }

    func testTextTableAlignment() {
        var t = TextTable([.init("name", .left), .init("n"), .init("note", .left)])
        t.add(["a", "1", "x"])
        t.add(["long name", "1234", ""])
        XCTAssertEqual(t.render(), ["name          n  note", "---------------------", "a             1  x", "long name  1234"])
    }

    func testPragmaTextSpellsLoopsAsTheEmitter() throws {
        var s = Schedule()
        s.pipeline("k.scan")
        s.unroll("k.scan", factor: 4)
        s.tripCount("k.inner", min: 1, max: 16, avg: 8)
        s.partition("k.buf", .cyclic, factor: 4)
        let k = KernelBuilder("k")
        let n = k.size("n", max: 16)
        let o = k.output("o", .float32, count: 16)
        let buf = k.local("buf", .float32, shape: [16])
        k.loop("scan", 16) { i in buf[i] = .constant(1, .float32) }
        k.loop("inner", n) { i in o[i] = buf[i] }
        k.loop("tail", n) { i in o[i] = buf[i] * 2.0 }
        let bound = try BoundDesign.bind(Design(top: "k", kernels: [try k.build()], schedule: s))
        let kernel = try XCTUnwrap(bound.kernel("k"))
        XCTAssertEqual(EmittedPragmas.loop(kernel.loop("scan")), ["#pragma HLS PIPELINE II=1", "#pragma HLS UNROLL factor=4"])
        XCTAssertEqual(EmittedPragmas.loop(kernel.loop("inner")), ["#pragma HLS LOOP_TRIPCOUNT min=1 max=16 avg=8"])
        XCTAssertEqual(EmittedPragmas.loop(kernel.loop("tail")), ["#pragma HLS LOOP_TRIPCOUNT min=1 max=16 avg=8"])
        XCTAssertEqual(EmittedPragmas.function(kernel), ["#pragma HLS ARRAY_PARTITION variable=buf type=cyclic factor=4 dim=1"])
    }

    /// Pragmas go beside the loop estimate they act in: a flattened nest gets those of its loops,
    /// loops unrolled into a pipeline go to the pipelined loop, marked with their label.
    func testGeneratedPragmasFollowFlatteningAndUnrolling() throws {
        let shape = try NamedShapes.parse("stories260k").shape
        let bound = try BoundDesign.bind(try LlamaForward.design(shape, weights: .q8(groupSize: 4), profile: .libm, schedule: .hardware))
        let estimate = Estimator.estimate(bound, device: Self.device, clockMHz: 300)
        let (loops, functions) = LoopPragmas.of(estimate, bound)
        func names(_ l: LoopEstimate) -> [String] { [l.name] + l.children.flatMap(names) }
        XCTAssertEqual(Set(loops.keys), Set(estimate.functions.flatMap { $0.loops.flatMap(names) }), "one entry per loop estimate")
        XCTAssertEqual(loops["forward.residual_att"], ["#pragma HLS PIPELINE II=1", "#pragma HLS UNROLL factor=8"])
        let mv = try XCTUnwrap(estimate.function("mv_q")?.loops.first)
        XCTAssertTrue(loops[mv.name]?.contains("#pragma HLS PIPELINE II=1") == true, "\(loops[mv.name] ?? [])")
        XCTAssertTrue(loops[mv.name]?.contains("#pragma HLS UNROLL factor=4 // dot") == true, "\(loops[mv.name] ?? [])")
        // The products read the activation quantized once in forward, partitioned there.
        XCTAssertEqual(functions["mv_q"], [])
        XCTAssertTrue(functions["forward"]?.contains("#pragma HLS ARRAY_PARTITION variable=xq_dim type=cyclic factor=4 dim=1") == true,
                      "\(functions["forward"] ?? [])")
        let all = loops.values.flatMap { $0 }
        XCTAssertEqual(all.filter { $0 == "#pragma HLS UNROLL factor=4 // dot" }.count, 5, "one unrolled dot per product")
        // And attention's three softmax passes (4 positions per cycle) and the gate (hidden 172:
        // 4 elements per cycle); the quantizers' groups are pipelined (gs 4 → II 1), their
        // absmax and values unrolled into them with no pragma of their own.
        XCTAssertEqual(all.filter { $0.hasPrefix("#pragma HLS UNROLL factor=4") }.count, 9)
        XCTAssertTrue(loops["quantize_dim.groups"]?.contains("#pragma HLS PIPELINE II=1") == true, "\(loops["quantize_dim.groups"] ?? [])")
    }

    /// Every pragma the report shows is a line of the generated C++ (the emitter and
    /// `EmittedPragmas` spell them alike), for the whole-model designs and the default catalog.
    func testPragmaTextMatchesTheEmittedCode() throws {
        let shape = try NamedShapes.parse("stories260k").shape
        var designs = try [LlamaWeights.float, .q8(groupSize: 4)].flatMap { w in
            try LlamaSchedule.allCases.map { try LlamaForward.design(shape, weights: w, profile: .libm, schedule: $0) }
        }
        designs += try HLSConfig.Configuration.default.designs()
        for design in designs {
            let code = try Emitter.emit(try BoundDesign.bind(design)).filter { $0.path == "\(design.top).cpp" }.map(\.contents).joined()
            XCTAssertFalse(code.isEmpty, design.top)
            let lines = Set(code.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
            let bound = try BoundDesign.bind(design)
            var shown = 0
            for kernel in bound.kernels {
                for pragma in kernel.loops.values.flatMap(EmittedPragmas.loop) + EmittedPragmas.function(kernel) {
                    XCTAssertTrue(lines.contains(pragma), "\(design.top): \(pragma) is not in the generated C++")
                    shown += 1
                }
            }
            XCTAssertGreaterThan(shown, 0, design.top)
        }
    }

    func testNamedAndExplicitShapes() throws {
        let named = try NamedShapes.parse("Stories110M")
        let explicit = try NamedShapes.parse("dim=768,hidden=2048,layers=12,heads=12,kv_heads=12,vocab=32000,seq=1024")
        XCTAssertEqual(named.shape, explicit.shape)
        XCTAssertEqual(named.name, "stories110m")
        XCTAssertEqual(try NamedShapes.parse("llama2-110m").shape, named.shape)
        XCTAssertEqual(try NamedShapes.parse("llama2-7b").shape.hidden, 11008)
        XCTAssertThrowsError(try NamedShapes.parse("dim=4096000,hidden=11008,layers=32,heads=32,kv_heads=32,vocab=32000,seq=4096")) {
            XCTAssertTrue("\($0)".contains("would exceed 2147483647 elements"), "\($0)")
        }
    }
}
