import Foundation

/// The device and clock the HLS build files (`hls_config.cfg`, `run_hls.tcl`) name. The driver
/// takes both from the chosen board of HLSEstimator's board table (`hlsgen generate --board`);
/// the emitter does not know the boards, it only writes what it is given.
public struct BuildTarget: Hashable, Sendable {
    /// The part as Vitis spells it (`xcu280-fsvh2892-2L-e`).
    public var part: String
    /// The kernel clock in MHz.
    public var clockMHz: Double

    public init(part: String, clockMHz: Double) {
        self.part = part
        self.clockMHz = clockMHz
    }

    /// What the emitter writes when the caller names no board: the part of HLSEstimator's
    /// `Device.u250` (`hlsgen generate`'s default board) at 300 MHz.
    public static let standard = BuildTarget(part: "xcu250-figd2104-2L-e", clockMHz: 300)

    /// The clock period in nanoseconds with at most two decimals, trailing zeros dropped
    /// (300 MHz: `3.33`, 250 MHz: `4`).
    public var clockPeriodNanoseconds: String {
        let hundredths = Int((100_000 / clockMHz).rounded())
        let whole = hundredths / 100, fraction = hundredths % 100
        if fraction == 0 { return "\(whole)" }
        return fraction % 10 == 0 ? "\(whole).\(fraction / 10)" : "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

/// The build files of a design, rendered from the templates in Templates/ (embedded in
/// `EmbeddedTemplates` by scripts/embed-templates.sh).
enum BuildFiles {

    /// (template file, emitted file) pairs.
    static let files: [(template: String, output: String)] = [
        ("hls_config.cfg.template", "hls_config.cfg"),
        ("run_hls.tcl.template", "run_hls.tcl"),
        ("Makefile.template", "Makefile"),
    ]

    /// `dataFiles` (names in the design's folder) become testbench files of both Vitis flows;
    /// `cosim` is whether run_hls.tcl co-simulates unless `HLSGEN_COSIM` says otherwise.
    static func render(top: String, target: BuildTarget = .standard, dataFiles: [String] = [],
                       cosim: Bool = true) throws(EmitterError) -> [EmittedFile] {
        let values = ["TOP": top, "PART": target.part, "CLOCK_PERIOD_NS": target.clockPeriodNanoseconds,
                      "CFG_DATA_FILES": dataFiles.map { "tb.file=\($0)\n" }.joined(),
                      "TCL_DATA_FILES": dataFiles.map { "add_files -tb [file join $here \($0)]\n" }.joined(),
                      "COSIM": cosim ? "1" : "0", "COSIM_STATE": cosim ? "on" : "off (a large design)"]
        var out: [EmittedFile] = []
        for (template, output) in files {
            guard let text = EmbeddedTemplates.texts[template] else {
                throw EmitterError("build template \(template) is missing; run scripts/embed-templates.sh")
            }
            out.append(EmittedFile(path: output, contents: try fill(text, values, template: template)))
        }
        return out
    }

    /// Replaces every `{{NAME}}`; an unknown placeholder is an error.
    static func fill(_ text: String, _ values: [String: String], template: String) throws(EmitterError) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw EmitterError("build template \(template): unterminated placeholder")
            }
            let key = String(rest[open.upperBound..<close.lowerBound])
            guard let value = values[key] else {
                throw EmitterError("build template \(template): unknown placeholder {{\(key)}}")
            }
            out += value
            rest = rest[close.upperBound...]
        }
        return out + rest
    }
}
