/// Floating-point cores (single and double precision, conversions) per device family.
///
/// Latencies are chosen by clock period: `stages(p, [(20, 2), (8, 3), (3, 4)], else: 5)` reads
/// "2 cycles at periods ≥ 20 ns, 3 at ≥ 8 ns, 4 at ≥ 3 ns, 5 below". Sources are given per row:
/// a calibration entry's reported core (`/work/shared/calibration/vitis_reports.json`, by id),
/// UG1399, the guide (`/work/shared/guide/vitis-hls.md`), or "assumed".
enum FloatOperators {
    static func stages(_ period: Double, _ steps: [(Double, Int)], else fastest: Int) -> Int {
        for (atLeast, latency) in steps where period >= atLeast { return latency }
        return fastest
    }

    static func cost(_ op: Operator, family: DeviceFamily, periodNs p: Double) -> OperatorCost {
        switch family {
        case .versal: return versal(op, p)
        case .ultraScalePlus: return ultraScale(op, p)
        case .series7: return series7(op, p)
        }
    }

    // MARK: UltraScale+ (DSP48E2)

    static func ultraScale(_ op: Operator, _ p: Double) -> OperatorCost {
        switch op {
        case .fadd, .fsub:
            // fadd_32ns_32ns_32_2_full_dsp at 22 ns, 2 DSP (dot48_f32_unrolled_zu19eg); 4 cycles at
            // 200–300 MHz (guide: "float add ... latency 4–7"); 3 at 100 MHz assumed. FF/LUT assumed.
            return OperatorCost(latency: stages(p, [(20, 2), (8, 3), (3, 4)], else: 5), dsp: 2, ff: 205, lut: 220,
                                source: "dot48 (2 DSP, 2 cycles at 22 ns); guide (4 at 200–300 MHz)")
        case .fmul:
            // fmul_32ns_32ns_32_4_max_dsp at 5 ns: 3 DSP, 143 FF, 78 LUT (vscale16_f32_stream_u55c);
            // fmul_32ns_32ns_32_2_max_dsp at 22 ns (dot48).
            return OperatorCost(latency: stages(p, [(20, 2), (8, 3), (3, 4)], else: 5), dsp: 3, ff: 143, lut: 78,
                                source: "vscale16 (3 DSP, 143 FF, 78 LUT, 4 cycles at 5 ns); dot48 (2 cycles at 22 ns)")
        case .fmadd:
            // Not fused on DSP48E2 (Vitis keeps fmul + fadd): the chain of the two.
            let a = ultraScale(.fadd, p), m = ultraScale(.fmul, p)
            return OperatorCost(latency: a.latency + m.latency, dsp: a.dsp + m.dsp, ff: a.ff + m.ff, lut: a.lut + m.lut,
                                source: "fmul then fadd (no fused core on DSP48E2)")
        case .fdiv:
            return OperatorCost(latency: stages(p, [(20, 5), (8, 9), (4, 12)], else: 16), dsp: 0, ff: 761, lut: 994,
                                source: "assumed (fdiv_32ns_32ns_32_16_no_dsp is the usual 300 MHz core)")
        case .fsqrt:
            return OperatorCost(latency: stages(p, [(20, 5), (8, 9), (4, 12)], else: 16), dsp: 0, ff: 458, lut: 770,
                                source: "assumed (fsqrt_32ns_32ns_32_16_no_dsp at 300 MHz)")
        case .fexp:
            return OperatorCost(latency: stages(p, [(20, 4), (8, 7), (4, 9)], else: 10), dsp: 7, ff: 430, lut: 960,
                                source: "assumed (fexp_32ns_32ns_32_10_full_dsp at 300 MHz)")
        case .fcmp:
            return OperatorCost(latency: stages(p, [(6, 1)], else: 2), dsp: 0, ff: 66, lut: 239,
                                source: "assumed (fcmp_32ns_32ns_1_2_no_dsp at 300 MHz)")
        case .fpow:
            return OperatorCost(latency: stages(p, [(8, 20)], else: 30), dsp: 13, ff: 3000, lut: 4000,
                                source: "assumed (hls_math powf: log, multiply, exp)")
        case .fsincos:
            return OperatorCost(latency: stages(p, [(8, 16)], else: 24), dsp: 12, ff: 2500, lut: 3200,
                                source: "assumed (hls_math sinf/cosf, CORDIC-free table method)")
        case .fround:
            return OperatorCost(latency: stages(p, [(8, 1)], else: 2), dsp: 0, ff: 64, lut: 180,
                                source: "assumed (hls_math roundf/floorf: exponent decode and mask)")
        case .fsign:
            return OperatorCost(latency: 0, delay: 0.1, lut: 1, source: "sign bit only (UG1399: fabs/negate are bit operations)")
        case .dadd:
            return OperatorCost(latency: stages(p, [(20, 3), (8, 5)], else: 7), dsp: 3, ff: 445, lut: 782,
                                source: "assumed (dadd_64ns_64ns_64_5_full_dsp at 100 MHz)")
        case .dmul:
            return OperatorCost(latency: stages(p, [(20, 3), (8, 5)], else: 7), dsp: 11, ff: 317, lut: 208,
                                source: "assumed (dmul_64ns_64ns_64_7_max_dsp at 300 MHz)")
        case .ddiv:
            return OperatorCost(latency: stages(p, [(20, 15), (8, 31)], else: 59), dsp: 0, ff: 3211, lut: 3658,
                                source: "assumed (ddiv_64ns_64ns_64_59_no_dsp at 300 MHz)")
        case .intToFloat(let w):
            return OperatorCost(latency: stages(p, [(8, 4), (4, 5)], else: 6), dsp: 0, ff: 229 + w, lut: 300 + w * 2,
                                source: "assumed (sitofp_32ns_32_6_no_dsp at 300 MHz)")
        case .floatToInt(let w):
            return OperatorCost(latency: stages(p, [(8, 3), (4, 4)], else: 5), dsp: 0, ff: 180 + w, lut: 250 + w * 2,
                                source: "assumed (fptosi_32ns_32_5_no_dsp at 300 MHz)")
        case .intAdd, .intCompare, .intMul, .logic, .shiftConst, .mux:
            return IntegerOperators.cost(op, family: .ultraScalePlus, periodNs: p)
        }
    }

    // MARK: Versal (DSP58 with DSPFP32)

    static func versal(_ op: Operator, _ p: Double) -> OperatorCost {
        switch op {
        case .fadd, .fsub:
            // fadd/fsub_32ns_32ns_32_1_primitive_dsp, 1 DSP (softmax_f32_768_versal_v80).
            return OperatorCost(latency: 1, dsp: 1, ff: 0, lut: 0, source: "softmax (1-cycle primitive_dsp, 1 DSP)")
        case .fmul:
            // fmul_32ns_32ns_32_1_primitive_dsp, 1 DSP (vmul_f32_3072_stream_versal_v80).
            return OperatorCost(latency: 1, dsp: 1, ff: 0, lut: 0, source: "vmul (1-cycle primitive_dsp, 1 DSP)")
        case .fmadd:
            // fmadd_32ns_32ns_32ns_32ns_32_2_primitive_dsp (gemv_f32_768x3072_stream_versal_v80).
            return OperatorCost(latency: 2, dsp: 1, ff: 0, lut: 0, source: "gemv (2-cycle fmadd primitive_dsp, 1 DSP)")
        case .fexp:
            // fexp_32ns_32ns_32_9_med_dsp: 1 DSP, 294 FF, 928 LUT (softmax).
            return OperatorCost(latency: 9, dsp: 1, ff: 294, lut: 928, source: "softmax (fexp 9 cycles, 1 DSP, 294 FF, 928 LUT)")
        case .fdiv:
            // fdiv_32ns_32ns_32_11_no_dsp (softmax; FF/LUT not reported at that level: assumed).
            return OperatorCost(latency: 11, dsp: 0, ff: 600, lut: 800, source: "softmax (fdiv 11 cycles, no DSP); FF/LUT assumed")
        case .fsqrt:
            return OperatorCost(latency: 11, dsp: 0, ff: 400, lut: 700, source: "assumed (as fdiv)")
        case .fcmp:
            // Combinational: softmax's find_max (a load, then two compares and selects in a row)
            // has an iteration latency of 3, which leaves no room for a registered fcmp.
            return OperatorCost(latency: 0, delay: 1.2, dsp: 0, ff: 0, lut: 70,
                                source: "softmax (find_max iteration latency 3); delay and LUTs assumed")
        case .fpow:
            return OperatorCost(latency: 24, dsp: 6, ff: 2000, lut: 3000, source: "assumed")
        case .fsincos:
            return OperatorCost(latency: 20, dsp: 6, ff: 2000, lut: 2800, source: "assumed")
        case .fround:
            return OperatorCost(latency: 1, dsp: 0, ff: 64, lut: 180, source: "assumed")
        case .fsign:
            return OperatorCost(latency: 0, delay: 0.1, lut: 1, source: "sign bit only")
        case .dadd:
            // dadd_64 5-stage: 0 DSP, 351 FF, 793 LUT (silu_f32_3072_stream_versal_v80).
            return OperatorCost(latency: 5, dsp: 0, ff: 351, lut: 793, source: "silu (dadd 5 cycles, 351 FF, 793 LUT)")
        case .dmul:
            // dmul_64 4-stage, 6 DSP (silu).
            return OperatorCost(latency: 4, dsp: 6, ff: 200, lut: 150, source: "silu (dmul 4 cycles, 6 DSP); FF/LUT assumed")
        case .ddiv:
            // ddiv_64 30-stage (silu).
            return OperatorCost(latency: 30, dsp: 0, ff: 3000, lut: 3500, source: "silu (ddiv 30 cycles); FF/LUT assumed")
        case .intToFloat(let w):
            return OperatorCost(latency: 2, dsp: 0, ff: 100 + w, lut: 200 + w * 2, source: "assumed")
        case .floatToInt(let w):
            return OperatorCost(latency: 2, dsp: 0, ff: 100 + w, lut: 200 + w * 2, source: "assumed")
        case .intAdd, .intCompare, .intMul, .logic, .shiftConst, .mux:
            return IntegerOperators.cost(op, family: .versal, periodNs: p)
        }
    }

    // MARK: 7-series (DSP48E1)

    static func series7(_ op: Operator, _ p: Double) -> OperatorCost {
        switch op {
        case .fadd, .fsub:
            // 2 DSP per fadd (mmult128_f32_dataflow_z7020: 160 DSP = 32 × (3 + 2)); 5 cycles at 10 ns assumed.
            return OperatorCost(latency: stages(p, [(20, 3), (8, 5)], else: 8), dsp: 2, ff: 205, lut: 390,
                                source: "mmult128_f32 (2 DSP per fadd); latency assumed (fadd_32ns_32ns_32_5_full_dsp at 10 ns)")
        case .fmul:
            // 3 DSP per fmul (mmult128_f32); 4 cycles at 10 ns assumed.
            return OperatorCost(latency: stages(p, [(20, 2), (8, 4)], else: 6), dsp: 3, ff: 143, lut: 321,
                                source: "mmult128_f32 (3 DSP per fmul); latency assumed (fmul_32ns_32ns_32_4_max_dsp at 10 ns)")
        case .fmadd:
            let a = series7(.fadd, p), m = series7(.fmul, p)
            return OperatorCost(latency: a.latency + m.latency, dsp: a.dsp + m.dsp, ff: a.ff + m.ff, lut: a.lut + m.lut,
                                source: "fmul then fadd")
        case .fdiv:
            return OperatorCost(latency: stages(p, [(20, 9), (8, 16)], else: 28), dsp: 0, ff: 761, lut: 994,
                                source: "assumed (fdiv_32ns_32ns_32_16_no_dsp at 10 ns)")
        case .fsqrt:
            return OperatorCost(latency: stages(p, [(20, 9), (8, 16)], else: 28), dsp: 0, ff: 458, lut: 770, source: "assumed")
        case .fexp:
            return OperatorCost(latency: stages(p, [(20, 5), (8, 9)], else: 18), dsp: 7, ff: 277, lut: 929,
                                source: "assumed (fexp_32ns_32ns_32_9_full_dsp at 10 ns)")
        case .fcmp:
            return OperatorCost(latency: stages(p, [(8, 1)], else: 2), dsp: 0, ff: 66, lut: 239, source: "assumed")
        case .fpow:
            return OperatorCost(latency: stages(p, [(8, 25)], else: 40), dsp: 13, ff: 3000, lut: 5000, source: "assumed")
        case .fsincos:
            return OperatorCost(latency: stages(p, [(8, 20)], else: 32), dsp: 12, ff: 2500, lut: 4000, source: "assumed")
        case .fround:
            return OperatorCost(latency: stages(p, [(8, 1)], else: 2), dsp: 0, ff: 64, lut: 200, source: "assumed")
        case .fsign:
            return OperatorCost(latency: 0, delay: 0.1, lut: 1, source: "sign bit only")
        case .dadd:
            return OperatorCost(latency: stages(p, [(8, 5)], else: 8), dsp: 3, ff: 445, lut: 1149, source: "assumed")
        case .dmul:
            return OperatorCost(latency: stages(p, [(8, 6)], else: 9), dsp: 11, ff: 317, lut: 208, source: "assumed")
        case .ddiv:
            return OperatorCost(latency: stages(p, [(8, 31)], else: 59), dsp: 0, ff: 3211, lut: 3658, source: "assumed")
        case .intToFloat(let w):
            return OperatorCost(latency: stages(p, [(8, 4)], else: 6), dsp: 0, ff: 229 + w, lut: 300 + w * 2, source: "assumed")
        case .floatToInt(let w):
            return OperatorCost(latency: stages(p, [(8, 3)], else: 5), dsp: 0, ff: 180 + w, lut: 250 + w * 2, source: "assumed")
        case .intAdd, .intCompare, .intMul, .logic, .shiftConst, .mux:
            return IntegerOperators.cost(op, family: .series7, periodNs: p)
        }
    }
}
