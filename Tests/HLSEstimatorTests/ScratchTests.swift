import XCTest
import HLSIR
import HLSLayers
@testable import HLSEstimator

func dump(_ e: DesignEstimate) -> String {
    var out = "top \(e.top) latency \(e.latency) total \(e.total)\n"
    func loops(_ ls: [LoopEstimate], _ ind: String) {
        for l in ls {
            out += "\(ind)\(l.name) trips \(l.trips) IL \(l.iterationLatency) II \(l.ii.map(String.init) ?? "-") (\(l.limit)) lat \(l.latency) \(l.pragmas)\n"
            loops(l.children, ind + "  ")
        }
    }
    for f in e.functions {
        out += "fn \(f.name) lat \(f.latency) int \(f.interval) res \(f.resources) calls \(f.calls)\n"
        loops(f.loops, "  ")
    }
    for b in e.bundles { out += "bundle \(b.name) \(b.ports) r \(b.bytesRead) w \(b.bytesWritten) burst \(b.bursts) beat \(b.beatBits) bw \(b.bandwidth/1e9) GB/s: \(b.burstNote)\n" }
    return out
}

final class ScratchTests: XCTestCase {
    func testPrint() throws {
        let k = KernelBuilder("vadd")
        let a = k.input("in1", .uint32, count: 4096)
        let b = k.input("in2", .uint32, count: 4096)
        let o = k.output("out", .uint32, count: 4096)
        let n = k.size("size", max: 4096)
        k.loop("add", n) { i in o[i] = a[i] + b[i] }
        var s = Schedule()
        s.tripCount("vadd.add", min: 4096, max: 4096, avg: 4096)
        for n in ["in1", "in2", "out"] { s.interface("vadd.\(n)", InterfaceDirectives(bundle: "gmem")) }
        let d = try bound(try k.build(), s)
        print(dump(Estimator.estimate(d, device: Device.forPart("xczu3eg")!, clockMHz: 250)))

        let shape = LlamaShape(dim: 768, hidden: 2048, layers: 12, heads: 12, kvHeads: 12, vocab: 32000, seqLen: 1024)
        let ld = try BoundDesign.bind(try LlamaForward.design(shape, weights: .q8(groupSize: 32), profile: .libm, schedule: .hardware))
        let e = Estimator.estimate(ld, device: f1, clockMHz: 300)
        print(dump(e))
        print(Estimator.throughput(e, device: f1))
    }
}
