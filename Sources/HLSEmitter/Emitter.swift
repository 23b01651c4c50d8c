import HLSIR

/// One generated file, with its path relative to the design's folder: source text, or the
/// bytes of a testbench data file.
public struct EmittedFile: Hashable, Sendable {
    public let path: String
    public let bytes: [UInt8]
    /// The file as text (UTF-8).
    public var contents: String { String(decoding: bytes, as: UTF8.self) }
    public init(path: String, contents: String) {
        self.path = path
        self.bytes = Array(contents.utf8)
    }
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}

/// Why a design cannot be emitted, in one line naming the kernel or schedule entry.
public struct EmitterError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Renders designs to Vitis HLS C++ (kernel, header, C-simulation testbench) and build files.
///
/// The emitter first builds a C++ model (declarations, statements, expressions, pragmas) and
/// then prints it; every numeric operation is written as docs/numerics.md defines it.
public enum Emitter {
    /// Files for one design: `<top>.h`, `<top>.cpp` (the `extern "C"` top function and its
    /// sub-functions), `<top>_tb.cpp` (the self-checking testbench `testbench` describes,
    /// default `TestbenchPlan.files(for:)`; it reads the data files `testbench.dataFiles` names
    /// from its folder, `.` or `argv[1]`), `hls_config.cfg` (`v++ -c --mode hls`, `vitis-run`),
    /// `run_hls.tcl` and `Makefile`; the HLS build files name `target`'s part and clock and
    /// add the data files to the testbench. The data files themselves come from the driver.
    public static func emit(_ bound: BoundDesign, target: BuildTarget = .standard,
                            testbench: TestbenchPlan? = nil) throws(EmitterError) -> [EmittedFile] {
        let lowered = try DesignLowering.lower(bound)
        let design = bound.design
        let top = design.top
        let header = CppFile(items: fileComment("\(top).h", "interface of design \(top)") + [
            .blank,
            .preprocessor("#ifndef \(lowered.guardName)"),
            .preprocessor("#define \(lowered.guardName)"),
            .blank,
        ] + lowered.typeIncludes + [
            .blank,
            .declaration(lowered.top),
            .blank,
            .preprocessor("#endif  // \(lowered.guardName)"),
        ])
        var kernelItems = fileComment("\(top).cpp", "kernel of design \(top)") + [
            .blank, .include("\(top).h", system: false), .blank, .include("cmath", system: true), .blank,
        ]
        for f in lowered.helpers.sorted.map(\.function) + lowered.functions {
            kernelItems += [.function(f), .blank]
        }
        kernelItems.removeLast()
        let plan = testbench ?? .files(for: design)
        let runner = try Testbench.runner(for: design, plan: plan, callee: top)
        let data = plan.dataFiles(of: design.topKernel)
        let testbenchItems = fileComment("\(top)_tb.cpp", "self-checking C-simulation testbench of design \(top)") + [
            .comment(["Usage: \(top)_csim [folder] [repetitions]. Reads from the folder (default: the current one,",
                      "as in Vitis C simulation and co-simulation) \(data.joined(separator: ", ")),",
                      "runs \(top) \(plan.calls.count == 1 ? "once" : "\(plan.calls.count) times") and compares every output word with the golden file; prints",
                      "PASS or FAIL and exits 0 only on PASS (docs/testbench.md)."]),
            .blank, .include("\(top).h", system: false), .blank,
        ] + Testbench.support(apTypes: lowered.usesAPTypes, seeded: plan.inputs != .files) + [
            .blank, .function(runner), .blank,
            .function(Testbench.main(runs: [(top, runner.name)], subfolders: false)),
        ]
        return [
            EmittedFile(path: "\(top).h", contents: CppRenderer.render(header)),
            EmittedFile(path: "\(top).cpp", contents: CppRenderer.render(CppFile(items: kernelItems))),
            EmittedFile(path: "\(top)_tb.cpp", contents: CppRenderer.render(CppFile(items: testbenchItems))),
        ] + (try BuildFiles.render(top: top, target: target, dataFiles: data, cosim: plan.cosim))
    }

    /// One self-contained C++ translation unit with the kernels of all designs (each in its own
    /// namespace, so sub-function names may repeat across designs; top names must be unique)
    /// and a `main(argc, argv)` that runs every design's self-checking testbench
    /// (`TestbenchPlan.files`) on `argv[1]/<top>`: one PASS or FAIL line per design (or one
    /// error line when a file is missing or has the wrong size), exit 1 if any did not pass.
    /// Used to compile hundreds of kernels with one g++ call.
    public static func batchSimulation(_ bound: [BoundDesign]) throws(EmitterError) -> String {
        let designs = bound.map(\.design)
        var seen = Set<String>()
        for d in designs where !seen.insert(d.top).inserted {
            throw EmitterError("batch simulation: two designs have the top name \(d.top)")
        }
        let lowered = try bound.map { (d) throws(EmitterError) in try DesignLowering.lower(d) }
        let helpers = HelperUsage()
        for l in lowered { helpers.formUnion(l.helpers) }
        let usesAP = lowered.contains { $0.usesAPTypes }
        var apHeaders: [String] = []
        for l in lowered { for case .include(let h, _) in l.typeIncludes where !apHeaders.contains(h) { apHeaders.append(h) } }

        var items = fileComment("batch simulation", "C simulation of \(designs.count) design(s) in one translation unit")
        items += [.comment(["Usage: <binary> <root>. Runs and checks every design on the files in <root>/<top>/."]), .blank]
        items += apHeaders.map { CppTopLevel.include($0, system: true) } + [.include("cmath", system: true)]
        items += Testbench.support(apTypes: usesAP, seeded: false) + [.blank]
        for f in helpers.sorted.map(\.function) { items += [.function(f), .blank] }
        var runs: [(top: String, runner: String)] = []
        for (d, l) in zip(designs, lowered) {
            let space = "hlsgen_design_\(d.top)"
            var inner: [CppTopLevel] = []
            for f in l.functions { inner += [.function(f), .blank] }
            let runner = try Testbench.runner(for: d, plan: .files(for: d), callee: d.top)
            inner.append(.function(runner))
            items += [.namespace(space, inner), .blank]
            runs.append((d.top, "\(space)::\(runner.name)"))
        }
        items.append(.function(Testbench.main(runs: runs, subfolders: true)))
        return CppRenderer.render(CppFile(items: items))
    }

    private static func fileComment(_ file: String, _ role: String) -> [CppTopLevel] {
        [.comment(["\(file): \(role).", "Generated by hlsgen; do not edit."])]
    }
}

/// A design lowered to C++ functions, ready to be placed in files.
struct DesignLowering {
    /// Sub-functions (callees first) and the top function last.
    let functions: [CppFunction]
    let top: CppFunction
    let helpers: HelperUsage
    /// `<stdint.h>` and the ap headers the types need.
    let typeIncludes: [CppTopLevel]
    let usesAPTypes: Bool
    let guardName: String

    static func lower(_ d: BoundDesign) throws(EmitterError) -> DesignLowering {
        let helpers = HelperUsage()
        let lowering = KernelLowering(design: d, helpers: helpers)
        var functions: [CppFunction] = []
        var types = Set<ScalarType>()
        for k in d.kernels {
            functions.append(try lowering.function(k))
            types.formUnion(TypeCollector.types(in: k.kernel))
        }
        guard let top = functions.first(where: { $0.name == d.top }) else {
            throw EmitterError("design \(d.top): no kernel named \(d.top)")
        }
        let ap = CppTypes.headers(for: types)
        return DesignLowering(functions: functions, top: top, helpers: helpers,
                              typeIncludes: [.include("stdint.h", system: true)] + ap.map { .include($0, system: true) },
                              usesAPTypes: !ap.isEmpty, guardName: "HLSGEN_\(d.top.uppercased())_H")
    }
}
