/// `--profile integer`: not a `MathProfile` case but a separate design (`IntegerLlamaForward`)
/// — MathProfile chooses how a float datapath computes e^x and √x, while the integer profile
/// changes every tensor's type, needs Q8_0 weights and calibrated scales, and moves the
/// float ↔ integer conversions to the host (docs/llama.md, "Integer profile").
enum IntegerProfile {
    static let name = "integer"
}
