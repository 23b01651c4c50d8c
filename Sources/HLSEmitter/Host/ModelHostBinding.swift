import HLSIR

/// The model piece of a host program: a fixed header (Templates/host/<header>.template) with
/// the family's checkpoint reader, tokenizer, sampler and generate loop, and the part of the
/// emitted binding only that family understands (`modelCode`, called by `runCall`).
///
/// Families plug in here: `ModelHostBinding.for(kernels)` picks the binding of the kernels'
/// `ModelFamily`. A GPT-2 binding (llm.c's checkpoint, GPT-2 tokenizer decode, llm.c's
/// xorshift* sampler) is a new `ModelFamily` case, a `gpt2.h.template` on host_runtime.h, and a
/// struct like `LlamaHostBinding` reading its dimensions from the roles.
protocol ModelHostBinding {
    /// The model header host.cpp includes (it includes host_runtime.h).
    static var header: String { get }
    var modelDescription: String { get }
    /// Top-level C++ items the run call uses (e.g. `model_design()`).
    var modelCode: [CppTopLevel] { get }
    /// The expression `main` returns, given `argc`, `argv` and the generated `kernels()`.
    var runCall: String { get }
    /// The comment at the top of host.cpp: usage and behaviour.
    var usageComment: [String] { get }
}

enum ModelHostBindings {
    /// The binding of the kernels' model family.
    static func binding(_ kernels: [HostKernel]) throws(EmitterError) -> (any ModelHostBinding, header: String) {
        switch kernels[0].family {
        case .llama2c: return (try LlamaHostBinding(kernels), LlamaHostBinding.header)
        }
    }
}
