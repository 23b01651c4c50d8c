import HLSConfig
@testable import HLSDriver
import HLSEstimator
import HLSIR
import HLSLayers
import XCTest

/// The pieces of `hlsgen explore`: knob discovery, the beam search, the Pareto front and the
/// config text it writes.
final class ExploreSearchTests: XCTestCase {
    let u280 = Device.board("u280")!
    /// A small part (220 DSP), where the dot product's operators soon become the scarcest resource;
    /// at 25 MHz its one DDR channel (1.33 GB/s, 53 bytes a cycle) keeps up with every point.
    let zynq = Device.forPart("xc7z020clg400-1")!

    /// A float matrix-vector product whose dot product keeps one partial sum: every add waits
    /// for the previous one (II = fadd latency).
    func badMatVec() throws -> Design {
        Design(top: "matvec", kernels: [try MatVec.kernel(n: 256, d: 16)], schedule: MatVec.schedule(lanes: 1, unroll: 1))
    }

    func search(_ design: Design, maxUtil: Double) throws -> (DesignPoint, BeamSearch.Result) {
        let evaluator = PointEvaluator(bases: [design], device: zynq, clockMHz: 25, isModel: false)
        let start = try XCTUnwrap(evaluator.evaluate(Schedule()))
        let knobs = start.bound.flatMap(KnobDiscovery.knobs)
        let result = BeamSearch(maxUtil: maxUtil).run(evaluator, generator: MoveGenerator(knobs: knobs), start: start, progress: { _ in })
        return (start, result)
    }

    func testKnobsAreDiscoveredFromTheBoundDesign() throws {
        let q8 = try XCTUnwrap(try DesignCatalog.designs(DesignParameters()).first { $0.top == "matvec_q8" })
        let knobs = KnobDiscovery.knobs(try BoundDesign.bind(q8))
        func knob(_ target: String, _ kind: Knob.Kind) -> Knob? { knobs.first { $0.target == target && $0.kind == kind } }
        // The int8 dot product (32 trips, unrolled by 16 in the default schedule).
        XCTAssertEqual(knob("matvec_q8.dot", .unroll)?.values, [2, 4, 8, 16, 32])
        XCTAssertEqual(knob("matvec_q8.dot", .unroll)?.current, 16)
        XCTAssertNil(knob("matvec_q8.dot", .lanes), "an integer reduction takes no lanes")
        // The float sum over groups is a reduction that takes lanes; rows hold more than 64 trips.
        XCTAssertEqual(knob("matvec_q8.groups", .lanes)?.values, [1, 2, 4])
        XCTAssertNil(knob("matvec_q8.rows", .unroll), "rows hold 128 iterations of dot: not unrolled")
        // The local activation array, partitioned cyclic 16 by default.
        let xq = try XCTUnwrap(knob("matvec_q8.xq", .partition(dim: 1)))
        XCTAssertEqual(xq.values, [1, 2, 4, 8, 16, 32, 64])
        XCTAssertEqual(xq.current, 16)
        // Every m_axi port: widening and (read ports) outstanding reads; each has its own bundle.
        XCTAssertEqual(knob("matvec_q8.wq", .widen)?.current, 512)
        XCTAssertNotNil(knob("matvec_q8.wq", .outstanding))
        XCTAssertNil(knob("matvec_q8.xout", .outstanding), "a write-only port has no read requests")
        XCTAssertNil(knob("matvec_q8.wq", .ownBundle), "a port alone on its bundle cannot be split off")
    }

    func testSharedBundlesCanBeSplit() throws {
        var s = MatVec.schedule(lanes: 8, unroll: 8)
        s.interface("matvec.x", InterfaceDirectives(bundle: "gmem"))
        s.interface("matvec.w", InterfaceDirectives(bundle: "gmem"))
        let d = Design(top: "matvec", kernels: [try MatVec.kernel(n: 64, d: 16)], schedule: s)
        let knobs = KnobDiscovery.knobs(try BoundDesign.bind(d)).filter { $0.kind == .ownBundle }
        XCTAssertEqual(knobs.map(\.target).sorted(), ["matvec.w", "matvec.x"])
    }

    func testTheSearchGivesARecurrenceLimitedDotProductLanes() throws {
        let (start, result) = try search(try badMatVec(), maxUtil: 0.8)
        let dot = try XCTUnwrap(start.estimates[0].functions[0].loops.first?.children.first ?? start.estimates[0].functions[0].loops.first)
        guard case .recurrence = dot.limit else { return XCTFail("the start is limited by the fadd recurrence: \(dot.limit)") }
        let best = try XCTUnwrap(result.best)
        XCTAssertLessThan(best.latency, start.latency / 3, "at least three times faster")
        XCTAssertGreaterThan(best.bound[0].topKernel.loop("dot").lanes, 1, "more partial sums")
        XCTAssertTrue(best.fits(0.8))
        // Deterministic: the same input gives the same point.
        let (_, again) = try search(try badMatVec(), maxUtil: 0.8)
        XCTAssertEqual(again.best?.key, best.key)
        XCTAssertEqual(again.evaluations, result.evaluations)
    }

    func testTheSearchRespectsTheUtilizationLimit() throws {
        let (start, loose) = try search(try badMatVec(), maxUtil: 0.8)
        let looseBest = try XCTUnwrap(loose.best)
        // A limit between the start's and the loose best's scarcest share.
        let limit = (start.scarcest.fraction + looseBest.scarcest.fraction) / 2
        XCTAssertGreaterThan(looseBest.scarcest.fraction, limit)
        let (_, tight) = try search(try badMatVec(), maxUtil: limit)
        let tightBest = try XCTUnwrap(tight.best)
        XCTAssertLessThanOrEqual(tightBest.scarcest.fraction, limit)
        for p in tight.feasible { XCTAssertTrue(p.fits(limit), p.key) }
        XCTAssertLessThanOrEqual(tightBest.score, looseBest.score)
        XCTAssertGreaterThan(tightBest.score, start.score, "still better than the start")
    }

    func testTheParetoFrontIsSortedAndNonDominated() throws {
        let (_, result) = try search(try badMatVec(), maxUtil: 0.8)
        let front = ParetoFront.of(result.feasible)
        XCTAssertGreaterThan(front.count, 1)
        for (a, b) in zip(front, front.dropFirst()) {
            XCTAssertLessThan(a.scarcest.fraction, b.scarcest.fraction, "sorted by the scarcest share")
            XCTAssertLessThan(a.score, b.score, "and the score rises along it")
        }
        for f in front {
            for q in result.feasible {
                let dominates = q.score >= f.score && q.scarcest.fraction <= f.scarcest.fraction
                    && (q.score > f.score || q.scarcest.fraction < f.scarcest.fraction)
                XCTAssertFalse(dominates, "\(q.key) dominates the front point \(f.key)")
            }
        }
        // Every point explored is matched or beaten by a point of the front.
        for q in result.feasible {
            XCTAssertTrue(front.contains { $0.score >= q.score && $0.scarcest.fraction <= q.scarcest.fraction }, q.key)
        }
    }

    func testTheConfigTextReadsBackAsTheSameOverrides() throws {
        var s = Schedule()
        s.pipeline("forward.gate", ii: 2)
        s.unroll("mv_q.dot", factor: 16)
        s.unroll("rope.rotate_q")
        s.lanes("mv_q.groups", 8)
        s.tripCount("attention.scores", min: 1, max: 64, avg: 32)
        s.flatten("mv_q.rows", false)
        s.pipelineOff("attention.heads")
        s.partition("mv_q.xq", .cyclic, factor: 16)
        s.partition("attention.att", .block, factor: 4, dim: 1)
        s.partition("attention.att", .complete, dim: 2)
        s.bindStorage("mv_q.xs", .ram_1p, impl: .lutram, latency: 2)
        s.interface("forward.wq_q", InterfaceDirectives(bundle: "gmem_wq", depth: 4096, maxReadBurstLength: 64,
                                                       maxWriteBurstLength: 16, numReadOutstanding: 32, maxWidenBitwidth: 1024))
        s.dataflow("forward")
        s.inline("rope", .off)
        let text = ExploreConfig.model(s, profile: .exact)
        let read = try Configuration.parse(text, source: "best.json")
        XCTAssertEqual(read.overrides, s)
        XCTAssertEqual(read.parameters.profile, .exact)
    }

    func testTheLayerConfigKeepsTheConfigsOwnEntries() throws {
        let config = try Configuration.parse(
            #"{"parameters": {"dim": 64}, "designs": ["matvec", "swiglu_ffn"], "schedule": {"matvec.dot": {"unroll": 4}, "swiglu_ffn": {"dataflow": false}}}"#,
            source: "c.json")
        var s = Schedule()
        s.lanes("matvec.dot", 16)
        let read = try Configuration.parse(ExploreConfig.layers(s, config: config), source: "best.json")
        XCTAssertEqual(read.parameters, config.parameters)
        XCTAssertEqual(read.designNames, ["matvec", "swiglu_ffn"])
        XCTAssertEqual(read.overrides.loops["matvec.dot"], LoopDirectives(unroll: .factor(4), lanes: 16))
        XCTAssertEqual(read.dataflowDisabled, ["swiglu_ffn"])
    }
}
