// A custom layer written by a user in the HLSGen DSL: a fixed-point bias + leaky ReLU with
// saturating, rounding output, and a fixed-point energy reduction over four lanes. It is
// generated into Generated/custom_layer/ and verified bit for bit against the C simulation:
//
//     swift run custom-layer [output folder]
import Foundation
import HLSDriver
import HLSIR

let n = 64
let activation = ScalarType.fixed(16, 6)                    // ap_fixed<16,6>
let output = ScalarType.fixed(12, 4, .rndConv, .sat)       // ap_fixed<12,4,AP_RND_CONV,AP_SAT>
let accumulator = ScalarType.fixed(32, 12)                  // ap_fixed<32,12>

func biasLeakyReLU() throws -> Kernel {
    let k = KernelBuilder("bias_leaky_relu")
    let y = k.output("y", output, count: n)
    let energy = k.output("energy", accumulator, count: 1)
    let x = k.input("x", activation, count: n)
    let bias = k.input("bias", activation, count: n)
    let kept = k.local("kept", output, shape: [n])
    k.loop("act", n) { i in
        let t = k.bind("t", x[i] + bias[i])                  // ap_fixed<17,7>, exact
        let leak = k.bind("leak", t * Expr.constant(0.125, .fixed(4, 0, signed: false)))
        let v = k.bind("v", select(t < Expr.constant(0, t.type), leak.cast(output), t.cast(output)))
        y[i] = v
        kept[i] = v
    }
    let sumSq = k.reduce("energy_sum", .add, accumulator, n) { i in (kept[i] * kept[i]).cast(accumulator) }
    energy[0] = sumSq
    return try k.build()
}

func schedule() -> Schedule {
    var s = Schedule()
    s.pipeline("bias_leaky_relu.act")
    s.unroll("bias_leaky_relu.act", factor: 4)
    s.partition("bias_leaky_relu.kept", .cyclic, factor: 4)
    s.lanes("bias_leaky_relu.energy_sum", 4)
    s.pipeline("bias_leaky_relu.energy_sum")
    return s
}

do {
    let design = Design(top: "bias_leaky_relu", kernels: [try biasLeakyReLU()], schedule: schedule())
    let root = CommandLine.arguments.dropFirst().first ?? "Generated/custom_layer"
    let verdicts = try Workflow.generateAndVerify([design], into: root, seed: 1)
    for v in verdicts { print(v) }
    exit(verdicts.allSatisfy(\.passed) ? 0 : 1)
} catch {
    FileHandle.standardError.write(Data("custom-layer: error: \(error)\n".utf8))
    exit(1)
}
