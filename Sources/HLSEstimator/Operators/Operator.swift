/// An operator as Vitis HLS binds it to a core (the names follow the cores in csynth reports:
/// `fadd`, `fmul`, `fexp`, `mul_32s_32s_32`, ...).
public enum Operator: Hashable, Sendable, CustomStringConvertible {
    // Single precision (IEEE binary32).
    case fadd, fsub, fmul, fdiv, fsqrt, fexp
    /// Fused multiply-add (Versal DSPFP32 only; Vitis fuses `a*b+c` there).
    case fmadd
    /// Compare (also min/max, which are a compare and a select).
    case fcmp
    /// hls_math `powf`, `sinf`/`cosf`, `roundf`/`floorf`.
    case fpow, fsincos, fround
    /// Sign-bit operations (`-x`, `fabsf`): wiring and at most one LUT.
    case fsign
    // Double precision (not produced by the IR; kept for calibration kernels that use it).
    case dadd, dmul, ddiv
    /// Integer (or fixed raw) → float, and float → integer (or fixed raw), `width` bits.
    case intToFloat(_ width: Int)
    case floatToInt(_ width: Int)
    /// Integer or fixed-point add / subtract / compare of `width` bits (a carry chain).
    case intAdd(_ width: Int)
    case intCompare(_ width: Int)
    /// Integer or fixed-point multiply of an `a`-bit by a `b`-bit operand keeping `result`
    /// bits; `mac` when the product feeds an add (a DSP's post-adder takes it).
    case intMul(a: Int, b: Int, result: Int, mac: Bool)
    /// Bitwise and/or/xor/not, and shifts by a constant (wiring).
    case logic(_ width: Int)
    case shiftConst
    /// A two-way multiplexer of `width` bits (select, min/max after the compare, if-conversion).
    case mux(_ width: Int)

    public var description: String {
        switch self {
        case .fadd: return "fadd"
        case .fsub: return "fsub"
        case .fmul: return "fmul"
        case .fdiv: return "fdiv"
        case .fsqrt: return "fsqrt"
        case .fexp: return "fexp"
        case .fmadd: return "fmadd"
        case .fcmp: return "fcmp"
        case .fpow: return "fpow"
        case .fsincos: return "fsincos"
        case .fround: return "fround"
        case .fsign: return "fsign"
        case .dadd: return "dadd"
        case .dmul: return "dmul"
        case .ddiv: return "ddiv"
        case .intToFloat(let w): return "sitofp_\(w)"
        case .floatToInt(let w): return "fptosi_\(w)"
        case .intAdd(let w): return "add_\(w)"
        case .intCompare(let w): return "icmp_\(w)"
        case .intMul(let a, let b, let r, let mac): return (mac ? "mac_" : "mul_") + "\(a)s_\(b)s_\(r)"
        case .logic(let w): return "logic_\(w)"
        case .shiftConst: return "shl_const"
        case .mux(let w): return "select_\(w)"
        }
    }

    /// Width of the result in bits.
    public var outputBits: Int {
        switch self {
        case .dadd, .dmul, .ddiv: return 64
        case .fcmp: return 1
        case .shiftConst: return 0
        case .intAdd(let w), .logic(let w), .mux(let w), .floatToInt(let w): return w
        case .intCompare: return 1
        case .intMul(_, _, let r, _): return r
        case .fadd, .fsub, .fmul, .fdiv, .fsqrt, .fexp, .fmadd, .fpow, .fsincos, .fround, .fsign, .intToFloat: return 32
        }
    }

    /// True for the floating-point operators whose cost dominates (used to name recurrences).
    public var isFloat: Bool {
        switch self {
        case .fadd, .fsub, .fmul, .fdiv, .fsqrt, .fexp, .fmadd, .fcmp, .fpow, .fsincos, .fround, .dadd, .dmul, .ddiv,
             .intToFloat, .floatToInt:
            return true
        case .fsign, .intAdd, .intCompare, .intMul, .logic, .shiftConst, .mux:
            return false
        }
    }
}

/// What one instance of an operator costs at a clock: pipeline depth and fabric.
public struct OperatorCost: Hashable, Sendable, CustomStringConvertible {
    /// Clock cycles from inputs to output (0: combinational, chained within a cycle).
    public var latency: Int
    /// Combinational delay in ns of a latency-0 operator (what chaining adds to a cycle).
    public var delay: Double
    public var dsp: Int
    public var ff: Int
    public var lut: Int
    /// Where the figure comes from: a calibration entry, UG1399, the guide, or "assumed".
    public var source: String

    public init(latency: Int, delay: Double = 0, dsp: Int = 0, ff: Int = 0, lut: Int = 0, source: String) {
        self.latency = latency
        self.delay = delay
        self.dsp = dsp
        self.ff = ff
        self.lut = lut
        self.source = source
    }

    public var resources: Resources { Resources(dsp: dsp, ff: ff, lut: lut) }
    public var description: String { "latency \(latency), \(dsp) DSP, \(ff) FF, \(lut) LUT (\(source))" }
}
