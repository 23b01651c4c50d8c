/// Integer and fixed-point operators: carry-chain adds, DSP or LUT multipliers, logic.
///
/// A multiplier is split the way the DSP's signed input ports allow: the `a` operand into
/// 17-bit pieces and `b` into 24-bit pieces (the unsigned parts of an 18 × 25 DSP48E1 /
/// DSP48E2 multiply; 23 × 26 for Versal's DSP58). Partial products whose weight is at or
/// beyond the kept result width are dropped (a 32 × 32 → 32 multiply keeps three of four: 3
/// DSP, as mmult128_i32_axis_z7020 reports for `mul_32s_32s_32`), and a partial product with
/// a piece of 7 bits or fewer goes to LUTs (fir4_apfixed24_z7020: a 24 × 24 → 48 multiply is
/// 1 DSP plus 38 LUT). Products of two operands of at most 10 bits go to LUTs unless they feed
/// an add, which the DSP's post-adder takes (mmult3x3_i8_a7: `mac_muladd_8s_8s_16s` in a DSP,
/// a lone 8 × 8 multiply in 41 LUT).
enum IntegerOperators {
    static func cost(_ op: Operator, family: DeviceFamily, periodNs p: Double) -> OperatorCost {
        // Carry-chain and routing delay relative to UltraScale+ (assumed from the families'
        // speed grades; 7-series ×2 brings mmult128_i32's 128-input adder tree to 3 cycles at 10 ns).
        let speed: Double = family == .series7 ? 2.0 : family == .versal ? 0.8 : 1
        switch op {
        case .intAdd(let w), .intCompare(let w):
            return OperatorCost(latency: 0, delay: (0.5 + 0.025 * Double(w)) * speed, lut: Swift.max(1, w), source: "assumed (one LUT per bit, carry chain)")
        case .logic(let w):
            return OperatorCost(latency: 0, delay: 0.3 * speed, lut: Swift.max(1, w), source: "assumed (one LUT per bit)")
        case .mux(let w):
            return OperatorCost(latency: 0, delay: 0.35 * speed, lut: Swift.max(1, w), source: "assumed (one LUT per bit)")
        case .shiftConst:
            return OperatorCost(latency: 0, delay: 0, source: "wiring (shift by a constant)")
        case .intMul(let a, let b, let r, let mac):
            return multiply(a: a, b: b, result: r, mac: mac, family: family, periodNs: p, speed: speed)
        default:
            return FloatOperators.cost(op, family: family, periodNs: p)
        }
    }

    /// Pieces of `width` bits of at most `piece` bits each, low first.
    static func pieces(_ width: Int, _ piece: Int) -> [Int] {
        var out: [Int] = []
        var left = Swift.max(1, width)
        while left > 0 {
            out.append(Swift.min(piece, left))
            left -= piece
        }
        return out
    }

    static func multiply(a: Int, b: Int, result: Int, mac: Bool, family: DeviceFamily, periodNs p: Double,
                         speed: Double) -> OperatorCost {
        // The narrower operand takes the 18-bit port (17-bit pieces), the wider the 25-bit one.
        let (x, y) = a <= b ? (a, b) : (b, a)
        if x <= 10 && y <= 10 && !mac {
            let lut = Swift.max(1, Int((Double(x * y) * 0.65).rounded()))
            return OperatorCost(latency: 0, delay: (1.5 + 0.1 * Double(x)) * speed, lut: lut,
                                source: "mmult3x3 (8 × 8 multiply in 41 LUT)")
        }
        let (pa, pb) = family == .versal ? (23, 26) : (17, 24)
        var dsp = 0, lut = 0
        var offsetA = 0
        for wa in pieces(x, pa) {
            var offsetB = 0
            for wb in pieces(y, pb) {
                if offsetA + offsetB < Swift.max(1, result) {
                    if Swift.min(wa, wb) <= 7 && (wa < x || wb < y) { lut += wa * wb / 2 + 8 } else { dsp += 1 }
                }
                offsetB += wb
            }
            offsetA += wa
        }
        dsp = Swift.max(dsp, lut == 0 ? 1 : 0)
        // Two register stages (input and product) down to 4 ns, three faster; a cascade of
        // several DSPs adds a stage. Fitted on fir4 (a 1-DSP 24 × 24 multiply at 10 ns in an
        // iteration of 4 states) and mmult128_i32 (3-DSP 32 × 32 multiplies, iteration 14);
        // otherwise assumed.
        let base = p >= 4 ? 2 : 3
        let latency = base + (dsp > 1 ? 1 : 0) + (dsp > 4 ? 1 : 0)
        let source = dsp >= 3 ? "mmult128_i32 (32 × 32 → 32 in 3 DSP)" : lut > 0 ? "fir4 (24 × 24 in 1 DSP + LUT)" : "DSP multiply (UG1399)"
        return OperatorCost(latency: latency, dsp: dsp, ff: Swift.max(result, 16) * latency / 2, lut: lut + (mac ? 0 : 0),
                            source: source)
    }
}
