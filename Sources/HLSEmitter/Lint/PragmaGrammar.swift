/// The `#pragma HLS` grammar of docs/vitis-hls (AMD UG1399): known pragmas, their options and
/// value forms, and where each may appear.
enum PragmaGrammar {
    enum ValueForm: Equatable {
        /// A bare word, no value.
        case flag
        /// An integer ≥ 1.
        case positive
        /// An integer ≥ 0.
        case nonNegative
        case identifier
        /// One of the listed words (compared case-insensitively).
        case oneOf([String])
    }

    enum Scope {
        /// First lines of a labelled loop body.
        case loop
        /// First lines of a labelled loop body or of a function body.
        case loopOrFunctionStart
        /// First lines of a function body.
        case functionStart
        /// First lines of the top (`extern "C"`) function body.
        case topFunctionStart
        /// Anywhere in a function body, after the variable it names is declared.
        case function
    }

    struct Spec {
        let options: [String: ValueForm]
        let required: [String]
        let scope: Scope
    }

    static let partition = Spec(options: ["variable": .identifier, "type": .oneOf(["cyclic", "block", "complete"]),
                                          "factor": .positive, "dim": .nonNegative, "off": .flag],
                                required: ["variable"], scope: .function)

    /// Keys are upper-case pragma names.
    static let specs: [String: Spec] = [
        "PIPELINE": Spec(options: ["ii": .positive, "off": .flag, "rewind": .flag, "style": .oneOf(["stp", "flp", "frp"])],
                         required: [], scope: .loopOrFunctionStart),
        "UNROLL": Spec(options: ["factor": .positive, "skip_exit_check": .flag], required: [], scope: .loop),
        "ARRAY_PARTITION": partition,
        "ARRAY_RESHAPE": partition,
        "DATAFLOW": Spec(options: ["disable_start_propagation": .flag], required: [], scope: .loopOrFunctionStart),
        "STREAM": Spec(options: ["variable": .identifier, "depth": .positive, "type": .oneOf(["fifo", "pipo", "shared", "unsync"]),
                                 "off": .flag],
                       required: ["variable"], scope: .function),
        "INTERFACE": Spec(options: ["mode": .oneOf(["m_axi", "s_axilite", "axis", "ap_none", "ap_vld", "ap_ack", "ap_hs", "ap_ovld",
                                                    "ap_fifo", "ap_memory", "bram", "ap_ctrl_none", "ap_ctrl_hs", "ap_ctrl_chain"]),
                                    "port": .identifier, "bundle": .identifier, "offset": .oneOf(["slave", "direct", "off"]),
                                    "depth": .positive, "max_read_burst_length": .positive, "max_write_burst_length": .positive,
                                    "num_read_outstanding": .positive, "num_write_outstanding": .positive,
                                    "max_widen_bitwidth": .positive, "latency": .nonNegative, "register": .flag, "name": .identifier,
                                    "storage_type": .oneOf(["ram_1p", "ram_2p", "ram_t2p", "ram_s2p", "rom_1p", "rom_2p", "rom_np"])],
                          required: ["mode", "port"], scope: .topFunctionStart),
        "BIND_STORAGE": Spec(options: ["variable": .identifier,
                                       "type": .oneOf(["fifo", "ram_1p", "ram_1wnr", "ram_2p", "ram_s2p", "ram_t2p", "rom_1p", "rom_2p", "rom_np"]),
                                       "impl": .oneOf(["bram", "bram_ecc", "lutram", "uram", "uram_ecc", "srl", "memory", "auto"]),
                                       "latency": .positive],
                             required: ["variable", "type"], scope: .function),
        "BIND_OP": Spec(options: ["variable": .identifier,
                                  "op": .oneOf(["mul", "add", "sub", "fadd", "fsub", "fmul", "fdiv", "fsqrt", "frsqrt", "frecip",
                                                "dadd", "dsub", "dmul", "ddiv", "dsqrt", "drsqrt", "drecip", "hadd", "hsub", "hmul",
                                                "hdiv", "hsqrt"]),
                                  "impl": .oneOf(["dsp", "fabric", "fulldsp", "maxdsp", "meddsp", "nodsp", "primitivedsp", "auto"]),
                                  "latency": .nonNegative],
                        required: ["variable", "op"], scope: .function),
        "LOOP_TRIPCOUNT": Spec(options: ["min": .nonNegative, "max": .nonNegative, "avg": .nonNegative],
                               required: ["max"], scope: .loop),
        "INLINE": Spec(options: ["off": .flag, "recursive": .flag], required: [], scope: .functionStart),
        "LOOP_FLATTEN": Spec(options: ["off": .flag], required: [], scope: .loop),
        "DEPENDENCE": Spec(options: ["variable": .identifier, "type": .oneOf(["inter", "intra"]),
                                     "dependent": .oneOf(["true", "false"]), "direction": .oneOf(["raw", "war", "waw"]),
                                     "distance": .positive, "class": .oneOf(["array", "pointer"])],
                           required: [], scope: .loopOrFunctionStart),
        "AGGREGATE": Spec(options: ["variable": .identifier, "compact": .oneOf(["bit", "byte", "none", "auto"])],
                          required: ["variable"], scope: .function),
    ]

    /// Pragmas that no longer exist, with what replaces them.
    static let deprecated: [String: String] = [
        "RESOURCE": "RESOURCE is deprecated; use BIND_STORAGE or BIND_OP",
        "DATA_PACK": "DATA_PACK is deprecated; use AGGREGATE",
    ]
}
