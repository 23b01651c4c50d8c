/// The "Accuracy" section of `hlsgen report --accuracy`: the table `hlsgen accuracy` prints,
/// its summary line, and the largest residual-stream error after each layer as a bar chart
/// (bars relative to the largest layer's).
enum AccuracySection {
    static func section(_ m: AccuracyCommand.Measured) -> HTML {
        let lines = m.lines
        let errors = m.result.metrics.layerErrors
        var parts: [HTML] = [
            .el("h2", text: "Accuracy"),
            .el("p", [("class", "note")], text: "\(m.variant) against float weights with the libm profile, both run by the "
                + "interpreter on the same tokens (teacher-forced on the float model's greedy text), as hlsgen accuracy measures it. "
                + "Top-1: how often the variant's most likely next token is the float model's; KL: mean KL(float ‖ variant) of "
                + "the next-token distributions; perplexity on the greedy tokens."),
            .el("p", [("class", "headline")], text: lines.last ?? ""),
            .el("pre", [("class", "config")], text: lines.dropLast().joined(separator: "\n")),
        ]
        if let largest = errors.max(), largest > 0 {
            let bars = errors.enumerated().map { l, e in
                Charts.Bar(label: "after layer \(l)", fraction: Double(e / largest), value: AccuracyCommand.format(Double(e), 3),
                           color: e == largest ? "#e15759" : "#4e79a7")
            }
            parts += [
                .el("h3", text: "Largest residual error per layer"),
                .el("p", [("class", "note")], text: "The largest |variant − float| of the residual stream after each layer over "
                    + "every position (the designs' layer_residuals probe); bars relative to the largest, "
                    + AccuracyCommand.format(Double(largest), 3) + "."),
                Charts.shareBars(title: "Largest |Δ residual| after each layer, relative to the largest", bars),
            ]
        } else {
            parts.append(.el("p", [("class", "note")], text: errors.isEmpty
                ? "No per-layer residual errors: the variant's design has no residual probe."
                : "The residual stream is the float model's after every layer."))
        }
        return .el("section", [("id", "accuracy")], parts)
    }
}
