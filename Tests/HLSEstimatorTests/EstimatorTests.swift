import XCTest
import HLSIR
import HLSLayers
@testable import HLSEstimator

/// Whole designs: the catalog, the Llama forward pass and throughput.
final class EstimatorTests: XCTestCase {
    static let stories110M = LlamaShape(dim: 768, hidden: 2048, layers: 12, heads: 12, kvHeads: 12, vocab: 32000, seqLen: 1024)

    /// HLSTransform's schedule (every weight on one bundle): element by element, far below the
    /// memory roofline — what the hardware schedule looked like before it gave every weight
    /// port a bundle of its own.
    func testLlama110MQ8OneWeightBundleIsFarBelowTheMemoryRoofline() throws {
        let d = try BoundDesign.bind(try LlamaForward.design(Self.stories110M, weights: .q8(groupSize: 32), profile: .libm,
                                                             schedule: .hlstransform))
        let e = Estimator.estimate(d, device: f1, clockMHz: 300)
        let t = Estimator.throughput(e, device: f1)
        // Weights: 12 layers × (4·768² + 3·768·2048) + 32000·768 int8, plus one float scale per 32.
        let weights = Double(12 * (4 * 768 * 768 + 3 * 768 * 2048) + 32000 * 768) * (1 + 4.0 / 32)
        XCTAssertGreaterThan(t.bytesPerToken, weights)
        XCTAssertLessThan(t.bytesPerToken, weights * 1.5)   // + the KV cache read at the average position
        XCTAssertGreaterThan(t.rooflineTokensPerSecond, 400)
        XCTAssertLessThan(t.rooflineTokensPerSecond, 650)
        // One int8 weight and its scale on one bundle, element by element: ~33 beats per group of 32.
        XCTAssertGreaterThan(t.tokensPerSecond, 0.3)
        XCTAssertLessThan(t.tokensPerSecond, 5)
        XCTAssertGreaterThan(t.rooflineTokensPerSecond, 50 * t.tokensPerSecond)
        XCTAssertLessThan(t.ratio, 0.02)
        let rows = try XCTUnwrap(loopEstimate(e, "mv_up.rows_groups"))
        XCTAssertEqual(rows.limit, .axiPort(bundle: "gmem_weights", accesses: 33))
        let weightsBundle = try XCTUnwrap(e.bundles.first { $0.name == "gmem_weights" })
        XCTAssertFalse(weightsBundle.bursts)
        XCTAssertEqual(e.functions.first?.name, "forward")
        XCTAssertEqual(e.function("forward")?.calls["mv_up"], 24)
    }

    /// The hardware schedule streams the Q8_0 weights (group size 64): every product's group
    /// loop at II 1 with nothing limiting it, every weight port on its own bundle bursting
    /// in 512-bit beats, and the model an order of magnitude above the 1.13 tok/s the
    /// shared-bundle schedule gave on F1, within the device.
    func testLlama110MQ8HardwareScheduleStreamsTheWeights() throws {
        let d = try BoundDesign.bind(try LlamaForward.design(Self.stories110M, weights: .q8(groupSize: 64), profile: .libm,
                                                             schedule: .hardware))
        let e = Estimator.estimate(d, device: f1, clockMHz: 300)
        for product in ["mv_q", "mv_kv", "mv_up", "mv_down", "mv_cls"] {
            let rows = try XCTUnwrap(loopEstimate(e, "\(product).rows_groups"), product)
            XCTAssertEqual(rows.ii, 1, product)
            XCTAssertEqual(rows.limit, IILimit.none, product)
        }
        for m in LlamaForward.matrices {
            for port in ["\(m)_q", "\(m)_s"] {
                let b = try XCTUnwrap(e.bundles.first { $0.name == "gmem_\(port)" }, port)
                XCTAssertEqual(b.ports, [port])
                XCTAssertTrue(b.bursts, "\(port): \(b.burstNote)")
                XCTAssertEqual(b.beatBits, 512, port)
                // Bursts of 64 beats at 64/66 of 64 bytes per cycle at 300 MHz.
                XCTAssertEqual(b.bandwidth, 64 * 300e6 * 64 / 66, accuracy: 1e6, port)
            }
        }
        // mv_up: 24,576 groups (2048 rows × 12) at one per cycle.
        let up = try XCTUnwrap(e.function("mv_up"))
        XCTAssertLessThan(up.latency.max, 24_576 + 200)
        let t = Estimator.throughput(e, device: f1)
        XCTAssertGreaterThan(t.tokensPerSecond, 8 * 1.13)
        for (used, available) in [(e.total.dsp, e.available.dsp), (e.total.bram18k, e.available.bram18k),
                                  (e.total.lut, e.available.lut)] {
            XCTAssertLessThan(Double(used), 0.8 * Double(available))
        }
    }

    func testReferenceScheduleIsSlowerThanHardware() throws {
        let shape = LlamaShape(dim: 64, hidden: 172, layers: 5, heads: 8, kvHeads: 4, vocab: 512, seqLen: 512)
        var cycles: [LlamaSchedule: Double] = [:]
        for style in LlamaSchedule.allCases {
            let d = try BoundDesign.bind(try LlamaForward.design(shape, weights: .float, profile: .libm, schedule: style))
            cycles[style] = Estimator.throughput(Estimator.estimate(d, device: u55c, clockMHz: 300), device: u55c).cyclesPerToken
        }
        XCTAssertLessThan(cycles[.hardware]!, cycles[.reference]!)
    }

    func testEveryCatalogDesignEstimatesOnEveryBoard() throws {
        for design in try DesignCatalog.designs(DesignParameters()) {
            let d = try BoundDesign.bind(design)
            for board in Device.boards {
                let e = Estimator.estimate(d, device: board, clockMHz: 300)
                XCTAssertEqual(e.top, design.top)
                XCTAssertEqual(e.part, board.part)
                XCTAssertGreaterThan(e.latency.max, 0, design.top)
                XCTAssertGreaterThan(e.total.lut, 0, design.top)
                XCTAssertLessThanOrEqual(e.total.dsp, board.available.dsp, design.top)
                XCTAssertEqual(e.functions.first?.name, design.top)
                XCTAssertEqual(e.available, board.available)
            }
        }
    }

    private func throughput(bandwidth: Double) -> ThroughputEstimate {
        let e = DesignEstimate(top: "t", device: "f1", part: f1.part, clockMHz: 200, functions: [],
                               bundles: [BundleEstimate(name: "g", ports: ["w"], bytesRead: 1_000_000, bytesWritten: 0, bursts: true,
                                                        burstNote: "", beatBits: 512, bandwidth: bandwidth)],
                               total: .zero, available: f1.available, latency: CycleRange(min: 1000, avg: 2000, max: 3000), warnings: [])
        return Estimator.throughput(e, device: f1)
    }

    func testThroughputArithmetic() {
        let t = throughput(bandwidth: 1e12)
        XCTAssertEqual(t.cyclesPerToken, 2000)
        XCTAssertEqual(t.scheduleTokensPerSecond, 100_000, accuracy: 1e-6)
        XCTAssertEqual(t.bytesPerToken, 1_000_000)
        XCTAssertEqual(t.rooflineTokensPerSecond, 76_800, accuracy: 1e-6)
        // The bundle at 1 TB/s would allow 10^6 tok/s, but one bundle is one AXI master on one
        // of F1's four 19.2 GB/s DDR banks: 19,200 tok/s, below the schedule's 10^5 and the
        // roofline, so it is the modeled rate.
        XCTAssertEqual(t.bundleBoundTokensPerSecond ?? 0, 19_200, accuracy: 1e-6)
        XCTAssertEqual(t.slowestBundle, "g")
        XCTAssertEqual(t.tokensPerSecond, 19_200, accuracy: 1e-6)
    }

    /// A bundle that cannot keep up (single beats at 1 GB/s) sets the modeled rate below the
    /// schedule's.
    func testSlowBundleBoundsTheModeledRate() {
        let t = throughput(bandwidth: 1e9)
        XCTAssertEqual(t.scheduleTokensPerSecond, 100_000, accuracy: 1e-6)
        XCTAssertEqual(t.bundleBoundTokensPerSecond ?? 0, 1_000, accuracy: 1e-6)
        XCTAssertEqual(t.tokensPerSecond, 1_000, accuracy: 1e-6)
        XCTAssertEqual(t.ratio, 1_000 / 76_800, accuracy: 1e-9)
    }

    func testBankConflictWarningsBecomeRaisedII() throws {
        let k = KernelBuilder("conf")
        let o = k.output("o", .float32, count: 64)
        let a = k.local("a", .float32, shape: [64, 8])
        k.loop("rows", 64) { r in
            o[r] = k.reduce("s", .add, .float32, 8) { c in a[r, c] }
        }
        var s = Schedule()
        s.pipeline("conf.rows")
        s.unroll("conf.s")
        let d = try bound(try k.build(), s)
        XCTAssertFalse(d.warnings.isEmpty)
        let e = Estimator.estimate(d, device: f1, clockMHz: 300)
        XCTAssertEqual(e.warnings, d.warnings)
        let l = try XCTUnwrap(loopEstimate(e, "conf.rows"))
        XCTAssertEqual(l.ii, 4)
        XCTAssertEqual(l.limit, .memoryPorts(array: "a", accesses: 8, ports: 2))
    }
}
