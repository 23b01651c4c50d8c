import HLSIR

/// One device role of a model split over several devices: the devices that run its kernel
/// (consecutive, with slices of the same shape), the folder its kernel, testbench and
/// connectivity live in, and its bound device design (`LlamaDevices`, `GPT2Devices`).
public struct DeviceRole: Sendable {
    public let devices: ClosedRange<Int>
    public let folder: String
    public let design: BoundDesign

    public init(devices: ClosedRange<Int>, folder: String, design: BoundDesign) {
        self.devices = devices
        self.folder = folder
        self.design = design
    }

    /// The folder of devices `devices`: `device0`, or `device0-3` for devices 0 … 3.
    public static func folder(_ devices: ClosedRange<Int>) -> String {
        devices.count == 1 ? "device\(devices.lowerBound)" : "device\(devices.lowerBound)-\(devices.upperBound)"
    }

    /// The roles of device designs 0 ..< n: consecutive devices whose kernels are the same
    /// (the same code and schedule; their roles differ in the slices they hold) share a role
    /// and its first device's design (splits give the larger slices first, so equal kernels
    /// are neighbours).
    public static func roles(of devices: [BoundDesign]) -> [DeviceRole] {
        func same(_ a: Design, _ b: Design) -> Bool {
            a.top == b.top && a.kernels == b.kernels && a.schedule == b.schedule && a.profile == b.profile
        }
        var groups: [(ClosedRange<Int>, BoundDesign)] = []
        for (e, d) in devices.enumerated() {
            if let last = groups.last, same(last.1.design, d.design) {
                groups[groups.count - 1].0 = last.0.lowerBound ... e
            } else {
                groups.append((e ... e, d))
            }
        }
        return groups.map { DeviceRole(devices: $0.0, folder: folder($0.0), design: $0.1) }
    }

    /// The C symbol its kernel object exports in the C-simulation host (the folder, `-` as
    /// `_`: `device0-1` → `device0_1`), as system.mk renames it.
    public var symbol: String { folder.replacingOccurrences(of: "-", with: "_") }
}

extension HostEmitter {
    /// The host program of a model split over several devices, from the device kernels'
    /// argument roles: the model-agnostic runtime and model piece of the one-device host, and
    /// an emitted binding (`host.cpp`) with every role's kernel and arguments, the role of
    /// every device and the stage plan of one token (`DeviceStage.sequence`, as the
    /// interpreter's device engine runs it). `system.mk` builds an xclbin per role (linked with
    /// the role's `<folder>/connectivity_<board>.cfg`), the XRT host `devices_host` (device e on
    /// XRT device e) and the C-simulation host `devices_csim_host` (every role's kernel in one
    /// process under its own symbol, each device with arrays of its own).
    ///
    /// Files: `host.cpp`, `host_runtime.h`, the model header, `system.mk` at the top, and
    /// `<folder>/connectivity_<board>.cfg` per role for u280, u250 and f1.
    ///
    /// `devices[e]` is device e's design: its role's kernel (`DeviceRole.roles(of:)`), with the
    /// slices it holds.
    public static func emitDevices(_ devices: [BoundDesign], name: String) throws(EmitterError) -> [EmittedFile] {
        let roles = DeviceRole.roles(of: devices)
        let kernels = try devices.map { (d) throws(EmitterError) -> HostKernel in try HostKernel(d) }
        guard let first = kernels.first else { throw EmitterError("the multi-device host needs at least one device") }
        for (e, k) in kernels.enumerated() where !k.isDevice || k.top != first.top || k.family != first.family {
            throw EmitterError("design \(k.top) (device \(e)): expected a device kernel (stage argument) of the \(first.family.rawValue) split of \(first.top)")
        }
        guard let layer = first.argument(.layer) else { throw EmitterError("design \(first.top): no layer argument") }
        let roleOfDevice = roles.enumerated().flatMap { i, r in r.devices.map { _ in i } }
        let top = first.top
        var (model, header) = try ModelHostBindings.binding([first], devices: kernels)
        model.program = "devices"
        model.xclbin = roles.map { "\($0.folder)/\(top).xclbin" }.joined(separator: ",")
        let binding = HostBindingCode(kernels: kernels, symbols: roleOfDevice.map { roles[$0].symbol },
                                      variables: (0..<devices.count).map { "device\($0)" })
        let plan = DeviceStage.sequence(layers: layer.count + 1)
        let host = try hostFile(model: model, header: header, binding: binding.items + [.blank, .function(stagePlan(plan)), .blank,
                                                                                          .function(deviceSet(roleOfDevice, roles))],
                                top: name, names: roles.map(\.folder), where: "\(devices.count) FPGAs", build: [
                                    "Default build (XRT native API, C++17, -lxrt_coreutil -pthread): device e is XRT device e; it",
                                    "loads its role's xclbin (-x: one per role, separated by commas, default",
                                    "\(model.xclbin)), opens its kernel in a hardware context, packs its",
                                    "slices of the weights into their memory banks once and keeps its KV cache and residual stream.",
                                    "Per token the host runs the stage plan: every call on every device, the outputs gathered",
                                    "in device order and written to every device as the next call's input (all-gather).",
                                    "With -DHLSGEN_CSIM: \(devices.count) in-process devices, each with memory of its own, calling",
                                    "the role kernels linked into the program instead (the C simulation; compile every",
                                    "role's kernel as C++14 and rename its \(top) to the role's symbol, as system.mk does).",
                                ], kernelDeclarations: try declarations(roles), run: model.runCall("devices()"))
        var files = [EmittedFile(path: "host.cpp", contents: host),
                     EmittedFile(path: "host_runtime.h", contents: try template("host_runtime.h.template")),
                     EmittedFile(path: header, contents: try template("\(header).template")),
                     EmittedFile(path: "system.mk", contents: try systemMakefile(roles, name: name, devices: devices.count,
                                                                                 header: header, xclbins: model.xclbin))]
        for r in roles {
            let connectivity = Connectivity(try HostKernel(r.design), top: r.design.topKernel)
            for platform in MemoryPlatform.all {
                let f = try connectivity.file(for: platform)
                files.append(EmittedFile(path: "\(r.folder)/\(f.path)", contents: f.contents))
            }
        }
        return files
    }

    /// What host.cpp declares for the C simulation: every role's kernel under its symbol.
    static func declarations(_ roles: [DeviceRole]) throws(EmitterError) -> String {
        let top = roles.first?.design.top ?? ""
        var items: [CppTopLevel] = [.comment(["Every role's kernel, its \(top) renamed to the role's symbol (system.mk: objcopy --redefine-sym)."])]
        for r in roles {
            let lowered = try DesignLowering.lower(r.design)
            items.append(.declaration(CppFunction(specifiers: "extern \"C\"", returnType: .void, name: r.symbol,
                                                  parameters: lowered.top.parameters, body: [])))
        }
        var text = CppRenderer.render(CppFile(items: items))
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// system.mk: an xclbin per role, the XRT host and the C-simulation host.
    static func systemMakefile(_ roles: [DeviceRole], name: String, devices: Int, header: String, xclbins: String) throws(EmitterError) -> String {
        let top = roles.first?.design.top ?? ""
        let byDevice = roles.map { r in
            r.devices.count == 1 ? "device \(r.devices.lowerBound): \(r.folder)" : "devices \(r.devices.lowerBound)-\(r.devices.upperBound): \(r.folder)"
        }
        return try BuildFiles.fill(try template("system_devices.mk.template"), [
            "NAME": name, "DEVICES": "\(devices)", "TOP": top, "MODEL_HEADER": header,
            "ROLES": roles.map(\.folder).joined(separator: " "),
            "XCLBINS": roles.map { "\($0.folder)/\(top).xclbin" }.joined(separator: " "), "XCLBIN_LIST": xclbins,
            "ROLES_BY_DEVICE": byDevice.joined(separator: "; "),
        ], template: "host/system_devices.mk.template")
    }

    /// `stage_plan()`: the calls of one token, from `DeviceStage.sequence`.
    static func stagePlan(_ plan: [DeviceCall]) -> CppFunction {
        var body: [CppStmt] = [.declare(CppDeclaration(type: CppType("std::vector<hlsgen::StageCall>"), name: "plan"))]
        for c in plan {
            let call = CppExpr.call("hlsgen::stage_call", [.int(c.stage.rawValue), .int(c.layer), .literal(c.input ? "true" : "false")])
            body.append(.comment("\(c.stage)\(c.stage.perLayer ? ", layer \(c.layer)" : "")\(c.input ? ", on the gathered outputs" : "")"))
            body.append(.expression(.method(.name("plan"), "push_back", [call])))
        }
        body.append(.returnValue(.name("plan")))
        return CppFunction(comment: ["The calls of one token, in order: (stage, layer, whether it takes the previous call's gathered",
                                     "outputs). The last call's gathered outputs are the logits."],
                           returnType: CppType("std::vector<hlsgen::StageCall>"), name: "stage_plan", parameters: [], body: body)
    }

    /// `devices()`: every device's kernel and role, and the stage plan.
    static func deviceSet(_ roleOfDevice: [Int], _ roles: [DeviceRole]) -> CppFunction {
        let list = roleOfDevice.map(String.init).joined(separator: ", ")
        return CppFunction(comment: ["The \(roleOfDevice.count) devices: every device's kernel with its slices, its role (\(roles.map(\.folder).joined(separator: ", "))),",
                                     "and the stage plan."],
                           returnType: CppType("hlsgen::DeviceSet"), name: "devices", parameters: [], body: [
                               .declare(CppDeclaration(type: CppType("hlsgen::DeviceSet"), name: "set")),
                               .assign(.name("set.devices"), .call("kernels", [])),
                               .assign(.name("set.role_of_device"), .literal("{\(list)}")),
                               .assign(.name("set.plan"), .call("stage_plan", [])),
                               .returnValue(.name("set")),
                           ])
    }
}
