/// `--profile integer`: not a `MathProfile` case but a separate design (`IntegerLlamaForward`)
/// — MathProfile chooses how a float datapath computes e^x and √x, while the integer profile
/// changes every tensor's type, needs Q8_0 weights and calibrated scales, and moves the
/// float ↔ integer conversions to the host (docs/llama.md, "Integer profile").
enum IntegerProfile {
    static let name = "integer"

    /// The options the integer design does not take, one line each.
    static func rejectOptions(_ a: Arguments, quantization: LlamaQuantization?) throws(DriverError) {
        if quantization == .q4 { throw DriverError("option --profile integer needs Q8_0 weights; got --quantize q4 (use --quantize q8, or a Q8_0 checkpoint)") }
        for name in ["--engines", "--config", "--schedule", "--prefill", "--devices"] where a.value(name) != nil {
            throw DriverError("option \(name) cannot be combined with --profile integer (the integer design has one engine and its own schedule)")
        }
    }
}
