import HLSIR

/// Renders the host side of a whole-model Llama 2 accelerator: the host program (XRT native
/// API: the kernel in an `xrt::hw_context`, the weights packed into one buffer per memory bank
/// once, the KV cache kept on the device, the state of every run checked; or with
/// `-DHLSGEN_CSIM` the C-simulation build calling the kernel in-process), the v++ system build
/// and the connectivity files of the supported boards.
public enum HostEmitter {
    /// Host program and system build files for a design whose top kernel follows LlamaForward's convention
    /// (sizes token, pos; output logits; inout key_cache, value_cache; token_embedding, rms_att, rms_ffn, rms_final;
    /// wq wk wv wo w1 w2 w3 wcls as float arrays, or as <name>_q int8 + <name>_s float scales). Throws EmitterError otherwise.
    ///
    /// Files: `host.cpp`, `system.mk`, and `connectivity_<board>.cfg` for u280 (HBM), u250 and
    /// f1 (DDR).
    public static func emit(_ bound: BoundDesign) throws(EmitterError) -> [EmittedFile] {
        let design = bound.design
        let interface = try ForwardInterface(design)
        var code = CppRenderer.render(CppFile(items: HostDesignCode(interface: interface).items))
        if code.hasSuffix("\n") { code.removeLast() }  // the template's line break follows the placeholder
        let host = try BuildFiles.fill(try template("host.cpp.template"), ["TOP": design.top, "DESIGN_CODE": code],
                                       template: "host/host.cpp.template")
        let system = try BuildFiles.fill(try template("system.mk.template"), ["TOP": design.top],
                                         template: "host/system.mk.template")
        let connectivity = Connectivity(interface, top: bound.topKernel)
        var files = [EmittedFile(path: "host.cpp", contents: host), EmittedFile(path: "system.mk", contents: system)]
        for platform in MemoryPlatform.all { files.append(try connectivity.file(for: platform)) }
        return files
    }

    private static func template(_ name: String) throws(EmitterError) -> String {
        guard let text = EmbeddedTemplates.hostTexts[name] else {
            throw EmitterError("host template \(name) is missing; run scripts/embed-templates.sh")
        }
        return text
    }
}
