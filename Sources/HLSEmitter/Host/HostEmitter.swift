import HLSIR

/// Renders the host side of a whole-model accelerator from its designs' argument roles: the
/// host program — the model-agnostic runtime (`host_runtime.h`: XRT native API with the
/// kernels in an `xrt::hw_context`, the weights packed into one buffer per memory bank once,
/// the KV cache kept on the device, the state of every run checked; or with `-DHLSGEN_CSIM`
/// the C simulation calling the kernels in-process), the model piece of the designs' family
/// (`llama2c.h`, `gpt2.h`) and the emitted binding (`host.cpp`: the kernels, their arguments and roles,
/// the model's dimensions) — the v++ system build and the connectivity files of the
/// supported boards.
public enum HostEmitter {
    /// Host program and system build files for a one-token design (`LlamaForward`,
    /// `GPT2Forward`) and,
    /// optionally, a block design of the same model (`LlamaPrefill`) in the same xclbin,
    /// sharing the weights and the KV cache by argument name. Throws EmitterError when a
    /// design has no roles or the roles do not describe a model the binding knows.
    ///
    /// Files: `host.cpp`, `host_runtime.h`, the model header, `system.mk`, and
    /// `connectivity_<board>.cfg` for u280 (HBM), u250 and f1 (DDR).
    public static func emit(_ bound: BoundDesign, prefill: BoundDesign? = nil) throws(EmitterError) -> [EmittedFile] {
        let step = try HostKernel(bound)
        if step.isDevice { throw EmitterError("design \(step.top): a device kernel of a split model; its host is HostEmitter.emitDevices") }
        if step.isBlock || step.argument(.token) == nil {
            throw EmitterError("design \(step.top): the host program needs a one-token kernel (token and position arguments) first")
        }
        var kernels = [step]
        if let prefill {
            let block = try HostKernel(prefill)
            guard block.isBlock, block.family == step.family else {
                throw EmitterError("design \(block.top): expected a block kernel (block length argument) of the \(step.family.rawValue) model of \(step.top)")
            }
            kernels.append(block)
        }
        let (model, header) = try ModelHostBindings.binding(kernels)
        let top = bound.top
        let names = kernels.map(\.top)
        let host = try hostFile(model: model, header: header, binding: HostBindingCode(kernels: kernels).items, top: top, names: names,
                                where: "the FPGA", build: [
                                    "Default build (XRT native API, C++17, -lxrt_coreutil -pthread): loads the xclbin (-x, default",
                                    "\(top).xclbin) on device 0, opens the kernels in a hardware context (xrt::hw_context), packs",
                                    "the weights into their memory banks once and launches a kernel per token or block.",
                                    "With -DHLSGEN_CSIM: calls the C++ kernels of their headers in-process instead (the C",
                                    "simulation; link the kernel sources compiled as C++14).",
                                ], kernelDeclarations: names.map { "#include \"\($0).h\"" }.joined(separator: "\n"), run: model.runCall("kernels()"))
        let system = try BuildFiles.fill(try template("system.mk.template"),
                                         ["TOP": top, "KERNELS": names.joined(separator: " "), "MODEL_HEADER": header],
                                         template: "host/system.mk.template")
        var others: [(HostKernel, BoundKernel)] = []
        if let prefill { others.append((kernels[1], prefill.topKernel)) }
        let connectivity = Connectivity(step, top: bound.topKernel, others: others)
        var files = [EmittedFile(path: "host.cpp", contents: host),
                     EmittedFile(path: "host_runtime.h", contents: try template("host_runtime.h.template")),
                     EmittedFile(path: header, contents: try template("\(header).template")),
                     EmittedFile(path: "system.mk", contents: system)]
        for platform in MemoryPlatform.all { files.append(try connectivity.file(for: platform)) }
        return files
    }

    /// host.cpp: the template filled with the model piece, the binding's C++ items, the build
    /// paragraph of the header comment (`build`, one line each), what `#ifdef HLSGEN_CSIM`
    /// declares of the kernels and the run call.
    static func hostFile(model: any ModelHostBinding, header: String, binding: [CppTopLevel], top: String, names: [String],
                         where place: String, build: [String], kernelDeclarations: String, run: String) throws(EmitterError) -> String {
        var code = CppRenderer.render(CppFile(items: model.modelCode + [.blank] + binding))
        if code.hasSuffix("\n") { code.removeLast() }  // the template's line break follows the placeholder
        return try BuildFiles.fill(try template("host.cpp.template"), [
            "TOP": top, "MODEL": model.modelDescription, "KERNELS": names.joined(separator: ", "), "WHERE": place,
            "USAGE": model.usageComment.map { $0.isEmpty ? "//" : "// " + $0 }.joined(separator: "\n"),
            "BUILD": build.map { "// " + $0 }.joined(separator: "\n"),
            "MODEL_HEADER": header, "KERNEL_INCLUDES": kernelDeclarations, "BINDING": code, "RUN": run,
        ], template: "host/host.cpp.template")
    }

    static func template(_ name: String) throws(EmitterError) -> String {
        guard let text = EmbeddedTemplates.hostTexts[name] else {
            throw EmitterError("host template \(name) is missing; run scripts/embed-templates.sh")
        }
        return text
    }
}
