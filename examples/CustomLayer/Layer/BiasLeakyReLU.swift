// A custom layer written by a user in the HLSGen DSL: a fixed-point bias + leaky ReLU with
// saturating, convergent-rounding output, and a fixed-point energy reduction over four
// lanes. `swift run custom-layer` generates it into Generated/custom_layer/ and verifies it
// bit for bit against the C simulation.
import HLSIR

public let customLayerSize = 64
let activation = ScalarType.fixed(16, 6)                    // ap_fixed<16,6>
let output = ScalarType.fixed(12, 4, .rndConv, .sat)       // ap_fixed<12,4,AP_RND_CONV,AP_SAT>
let accumulator = ScalarType.fixed(32, 12)                  // ap_fixed<32,12>

public func biasLeakyReLU() throws -> Kernel {
    let k = KernelBuilder("bias_leaky_relu")
    let y = k.output("y", output, count: customLayerSize)
    let energy = k.output("energy", accumulator, count: 1)
    let x = k.input("x", activation, count: customLayerSize)
    let bias = k.input("bias", activation, count: customLayerSize)
    let kept = k.local("kept", output, shape: [customLayerSize])
    k.loop("act", customLayerSize) { i in
        let t = k.bind("t", x[i] + bias[i])                  // ap_fixed<17,7>, exact
        let leak = k.bind("leak", t * Expr.constant(0.125, .fixed(4, 0, signed: false)))
        let v = k.bind("v", select(t < Expr.constant(0, t.type), leak.cast(output), t.cast(output)))
        y[i] = v
        kept[i] = v
    }
    let sumSq = k.reduce("energy_sum", .add, accumulator, customLayerSize) { i in (kept[i] * kept[i]).cast(accumulator) }
    energy[0] = sumSq
    return try k.build()
}

public func biasLeakyReLUSchedule() -> Schedule {
    var s = Schedule()
    s.pipeline("bias_leaky_relu.act")
    s.unroll("bias_leaky_relu.act", factor: 4)
    s.partition("bias_leaky_relu.kept", .cyclic, factor: 4)
    s.lanes("bias_leaky_relu.energy_sum", 4)
    s.pipeline("bias_leaky_relu.energy_sum")
    return s
}

/// The custom layer as a design with its schedule.
public func customLayerDesign() throws -> Design {
    Design(top: "bias_leaky_relu", kernels: [try biasLeakyReLU()], schedule: biasLeakyReLUSchedule())
}
