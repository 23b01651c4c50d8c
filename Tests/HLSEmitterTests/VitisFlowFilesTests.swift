import HLSEmitter
import HLSIR
import XCTest

/// hls_config.cfg, run_hls.tcl and the Makefile run the self-checking testbench in Vitis: C
/// simulation, synthesis, C/RTL co-simulation (switchable) and export, with the data files as
/// testbench files. Checked textually against the grammar of the shared Vitis guide
/// (vitis-hls.md) and UG1399's co-simulation options, since Vitis is not available here.
final class VitisFlowFilesTests: XCTestCase {
    /// `[hls]` keys of the unified flow the emitter may write: vitis-hls.md's, plus `tb.cflags`
    /// and `cosim.rtl` (UG1399, "Co-Simulation Configuration").
    static let configKeys: Set<String> = ["flow_target", "clock", "syn.file", "syn.top", "syn.cflags", "tb.file", "tb.cflags",
                                          "cosim.rtl", "package.output.format"]
    /// Tcl commands of the Vitis HLS flow the script may use, and Tcl's own.
    static let tclCommands: Set<String> = ["open_project", "set_top", "add_files", "open_solution", "set_part", "create_clock",
                                           "csim_design", "csynth_design", "cosim_design", "export_design", "exit", "set", "if", "}"]

    private func files(cosim: Bool) throws -> [String: String] {
        let d = try BoundDesign.bind(try SampleDesigns.demo())
        var plan = TestbenchPlan.files(for: d.design)
        plan.cosim = cosim
        return Dictionary(uniqueKeysWithValues: try Emitter.emit(d, target: BuildTarget(part: "xcu280-fsvh2892-2L-e", clockMHz: 250),
                                                                 testbench: plan).map { ($0.path, $0.contents) })
    }

    func testConfigFileFollowsTheUnifiedFlowGrammarAndNamesEveryDataFile() throws {
        let f = try files(cosim: true)
        let cfg = try XCTUnwrap(f["hls_config.cfg"])
        let lines = cfg.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
        XCTAssertEqual(lines.first, "part=xcu280-fsvh2892-2L-e")
        XCTAssertEqual(lines.dropFirst().first, "[hls]")
        var tbFiles: [String] = []
        for line in lines.dropFirst(2) {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            XCTAssertEqual(parts.count, 2, line)
            XCTAssertTrue(Self.configKeys.contains(parts[0]), "unknown key in \(line)")
            if parts[0] == "tb.file" { tbFiles.append(parts[1]) }
        }
        let data = ["x.bin", "q.bin", "n.bin", "y.golden.bin", "z.golden.bin", "w.golden.bin"]
        XCTAssertEqual(Set(tbFiles), Set(["demo_tb.cpp"] + data))
        XCTAssertTrue(cfg.contains("\nclock=4ns\n"))
        XCTAssertTrue(cfg.contains("vitis-run --mode hls --csim --config hls_config.cfg"))
        XCTAssertTrue(cfg.contains("vitis-run --mode hls --cosim --config hls_config.cfg"))
        XCTAssertFalse(cfg.contains("unsafe_math"))
    }

    func testTclScriptRunsCsimSynthesisCosimAndExportInOrder() throws {
        let tcl = try XCTUnwrap(try files(cosim: true)["run_hls.tcl"])
        let commands = tcl.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.hasPrefix("#") && !$0.isEmpty }
        for c in commands {
            let word = String(c.split(separator: " ").first ?? "")
            XCTAssertTrue(Self.tclCommands.contains(word), "unexpected Tcl command: \(c)")
        }
        let order = ["open_project demo_prj", "set_top demo", "open_solution -flow_target vitis solution1",
                     "set_part xcu280-fsvh2892-2L-e", "create_clock -period 4 -name default", "csim_design", "csynth_design",
                     "cosim_design -rtl verilog", "export_design -format xo"]
        var at = 0
        for step in order {
            guard let i = commands[at...].firstIndex(where: { $0.hasPrefix(step) }) else { return XCTFail("no \(step) after line \(at) in\n\(tcl)") }
            at = i
        }
        for file in ["demo_tb.cpp", "x.bin", "q.bin", "n.bin", "y.golden.bin", "z.golden.bin", "w.golden.bin"] {
            XCTAssertTrue(commands.contains { $0.hasPrefix("add_files -tb [file join $here \(file)]") }, file)
        }
        XCTAssertTrue(tcl.contains("set run_cosim 1\n"))
        XCTAssertTrue(tcl.contains("if {[info exists ::env(HLSGEN_COSIM)]} {\n    set run_cosim $::env(HLSGEN_COSIM)\n}"))
        XCTAssertTrue(tcl.contains("if {$run_cosim} {\n    cosim_design -rtl verilog\n}"))
        XCTAssertEqual(tcl.filter { $0 == "{" }.count, tcl.filter { $0 == "}" }.count, "balanced braces")
    }

    func testCosimCanBeOffByDefault() throws {
        let tcl = try XCTUnwrap(try files(cosim: false)["run_hls.tcl"])
        XCTAssertTrue(tcl.contains("set run_cosim 0\n"))
        XCTAssertTrue(tcl.contains("Co-simulation is off"))
    }

    func testMakefileRunsTheTestbenchWithoutArgumentsAndHasCosim() throws {
        let make = try XCTUnwrap(try files(cosim: true)["Makefile"])
        XCTAssertTrue(make.contains("\ncsim: $(TOP)_csim\n\t./$(TOP)_csim $(DATA)\n"))
        XCTAssertTrue(make.contains("\nDATA ?= .\n"))
        XCTAssertTrue(make.contains("\ncosim: hls\n\tvitis-run --mode hls --cosim --config hls_config.cfg --work_dir $(TOP)_hls\n"))
        XCTAssertTrue(make.contains("\nvitis-csim:\n\tvitis-run --mode hls --csim --config hls_config.cfg --work_dir $(TOP)_hls\n"))
        for source in ["AP_TYPES ?= $(XILINX_HLS)/include", "AP_TYPES ?= $(HLSGEN_AP_TYPES)", "AP_TYPES ?= $(HLSGEN_CACHE)/ap_types",
                       "AP_TYPES ?= $(HOME)/.cache/hlsgen/ap_types"] {
            XCTAssertTrue(make.contains(source), source)
        }
    }
}

/// Plans the testbench cannot run are emitter errors naming the kernel and the problem.
final class TestbenchPlanErrorTests: XCTestCase {
    /// An array given per call: loaded once from `<array>.calls.bin` (calls × count
    /// elements), call i's part copied into the array before call i; its file is a data file.
    func testPerCallArrayIsCopiedBeforeEveryCall() throws {
        let d = try BoundDesign.bind(try SampleDesigns.demo())
        var plan = TestbenchPlan.files(for: d.design)
        plan.calls = [["n": 1], ["n": 2], ["n": 3]]
        plan.perCall = ["x"]
        let tb = try XCTUnwrap(try Emitter.emit(d, testbench: plan).first { $0.path == "demo_tb.cpp" }).contents
        XCTAssertTrue(tb.contains("hlsgen_load(hlsgen_dir, \"x.calls.bin\", x_calls.data(), 24, 4)"), tb)
        XCTAssertTrue(tb.contains("x[hlsgen_i] = x_calls[hlsgen_call * 8 + hlsgen_i];"), tb)
        XCTAssertTrue(plan.dataFiles(of: d.design.topKernel).contains("x.calls.bin"))
    }

    func testImpossiblePlansAreOneLineErrors() throws {
        let d = try BoundDesign.bind(try SampleDesigns.demo())
        let good = TestbenchPlan.files(for: d.design)
        var noCall = good
        noCall.calls = []
        var notWritten = good
        notWritten.checked = ["x"]
        var floatSet = good
        floatSet.calls = [["x": 1]]
        var badRange = good
        badRange.inputs = .seeded(seed: 1, floatRange: .infinity)
        var perCallOutput = good
        perCallOutput.perCall = ["y"]
        for (plan, message) in [(noCall, "no call"), (notWritten, "x is not an array argument the kernel writes"),
                                (floatSet, "x is not an integer scalar or size argument"), (badRange, "float range inf"),
                                (perCallOutput, "y is not an array argument the kernel only reads")] {
            XCTAssertThrowsError(try Emitter.emit(d, testbench: plan)) { error in
                XCTAssertTrue("\(error)".hasPrefix("testbench of demo: "), "\(error)")
                XCTAssertTrue("\(error)".contains(message), "\(error)")
            }
        }
    }
}
