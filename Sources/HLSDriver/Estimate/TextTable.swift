/// A plain-text table: columns with a title and an alignment, rows of cells, and rules.
/// Built first, then rendered; every column is as wide as its widest cell, the last column
/// is not padded (so long notes do not widen the lines before them), and a cell with line
/// breaks continues on the following lines with the other cells blank.
struct TextTable {
    enum Alignment { case left, right }

    struct Column {
        var title: String
        var alignment: Alignment
        init(_ title: String, _ alignment: Alignment = .right) {
            self.title = title
            self.alignment = alignment
        }
    }

    enum Row {
        case cells([String])
        case rule
    }

    var columns: [Column]
    var rows: [Row] = []

    /// The rule under the titles covers at most this much of the last column.
    static let ruleCoverOfLastColumn = 24

    init(_ columns: [Column]) { self.columns = columns }

    mutating func add(_ cells: [String]) { rows.append(.cells(cells)) }
    mutating func rule() { rows.append(.rule) }

    /// The table's lines: titles, a rule, then the rows.
    func render() -> [String] {
        var widths = columns.map { $0.title.count }
        for case .cells(let cells) in rows {
            for (i, c) in cells.enumerated() where i < widths.count {
                widths[i] = max(widths[i], c.split(separator: "\n", omittingEmptySubsequences: false).map(\.count).max() ?? 0)
            }
        }
        var ruleWidths = widths
        if let last = columns.indices.last {
            ruleWidths[last] = min(widths[last], max(columns[last].title.count, Self.ruleCoverOfLastColumn))
        }
        let rule = String(repeating: "-", count: ruleWidths.reduce(0, +) + 2 * max(0, widths.count - 1))
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, column) in columns.enumerated() {
                let c = i < cells.count ? cells[i] : ""
                let pad = String(repeating: " ", count: max(0, widths[i] - c.count))
                if i == columns.count - 1 && column.alignment == .left {
                    parts.append(c)
                } else {
                    parts.append(column.alignment == .left ? c + pad : pad + c)
                }
            }
            return String(parts.joined(separator: "  ").reversed().drop(while: { $0 == " " }).reversed())
        }
        var out = [line(columns.map(\.title)), rule]
        for row in rows {
            switch row {
            case .cells(let cells):
                let split = cells.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
                let height = split.map(\.count).max() ?? 1
                for k in 0..<height { out.append(line(split.map { k < $0.count ? $0[k] : "" })) }
            case .rule:
                out.append(rule)
            }
        }
        return out
    }
}
