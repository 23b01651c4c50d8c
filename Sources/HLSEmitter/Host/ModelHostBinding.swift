import HLSIR

/// The model piece of a host program: a fixed header (Templates/host/<header>.template) with
/// the family's checkpoint reader, tokenizer, sampler and generate loop, and the part of the
/// emitted binding only that family understands (`modelCode`, called by `runCall`).
///
/// Families plug in here: `ModelHostBindings.binding(kernels)` picks the binding of the kernels'
/// `ModelFamily` — `LlamaHostBinding` (llama2c.h) or `GPT2HostBinding` (gpt2.h: llm.c's
/// checkpoint, GPT-2 tokenizer decode, llm.c's xorshift* sampler). A new family is a
/// `ModelFamily` case, a `<header>.template` on host_runtime.h and a binding reading its
/// dimensions from the roles.
protocol ModelHostBinding {
    /// The model header host.cpp includes (it includes host_runtime.h).
    static var header: String { get }
    var modelDescription: String { get }
    /// Top-level C++ items the run call uses (e.g. `model_design()`).
    var modelCode: [CppTopLevel] { get }
    /// The expression `main` returns, given `argc`, `argv` and the generated `kernels` (the
    /// expression `kernels()`, or `devices()` for a split model).
    func runCall(_ kernels: String) -> String
    /// The executable's name without `_host`, and the default `-x`.
    var program: String { get set }
    var xclbin: String { get set }
    /// The comment at the top of host.cpp: usage and behaviour.
    var usageComment: [String] { get }
}

enum ModelHostBindings {
    /// The binding of the kernels' model family.
    /// `devices`: the kernel of every device of a split model (`kernels` is then the first's).
    static func binding(_ kernels: [HostKernel], devices: [HostKernel] = []) throws(EmitterError) -> (any ModelHostBinding, header: String) {
        switch kernels[0].family {
        case .llama2c: return (try LlamaHostBinding(kernels, devices: devices), LlamaHostBinding.header)
        case .gpt2: return (try GPT2HostBinding(kernels, devices: devices), GPT2HostBinding.header)
        }
    }
}
