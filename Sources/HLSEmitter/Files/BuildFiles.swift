import Foundation

/// The build files of a design, rendered from the templates in Templates/ (embedded in
/// `EmbeddedTemplates` by scripts/embed-templates.sh).
enum BuildFiles {
    /// Target device and clock. The default is an Alveo U250 at 300 MHz.
    struct Target: Sendable {
        var part = "xcu250-figd2104-2L-e"
        var clockPeriodNanoseconds = "3.33"
    }

    /// (template file, emitted file) pairs.
    static let files: [(template: String, output: String)] = [
        ("hls_config.cfg.template", "hls_config.cfg"),
        ("run_hls.tcl.template", "run_hls.tcl"),
        ("Makefile.template", "Makefile"),
    ]

    static func render(top: String, target: Target = Target()) throws(EmitterError) -> [EmittedFile] {
        let values = ["TOP": top, "PART": target.part, "CLOCK_PERIOD_NS": target.clockPeriodNanoseconds]
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
