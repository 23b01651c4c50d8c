/// A plain-text table: columns with a title and an alignment, rows of cells, and rules.
/// Built first, then rendered; every column is as wide as its widest cell, and the last
/// column is not padded (so long notes do not widen the lines before them).
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

    init(_ columns: [Column]) { self.columns = columns }

    mutating func add(_ cells: [String]) { rows.append(.cells(cells)) }
    mutating func rule() { rows.append(.rule) }

    /// The table's lines: titles, a rule, then the rows.
    func render() -> [String] {
        var widths = columns.map { $0.title.count }
        for case .cells(let cells) in rows {
            for (i, c) in cells.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) }
        }
        let total = widths.reduce(0, +) + 2 * max(0, widths.count - 1)
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, column) in columns.enumerated() {
                let c = i < cells.count ? cells[i] : ""
                let pad = String(repeating: " ", count: widths[i] - c.count)
                if i == columns.count - 1 {
                    parts.append(column.alignment == .left ? c : pad + c)
                } else {
                    parts.append(column.alignment == .left ? c + pad : pad + c)
                }
            }
            return String(parts.joined(separator: "  ").reversed().drop(while: { $0 == " " }).reversed())
        }
        var out = [line(columns.map(\.title)), String(repeating: "-", count: total)]
        for row in rows {
            switch row {
            case .cells(let cells): out.append(line(cells))
            case .rule: out.append(String(repeating: "-", count: total))
            }
        }
        return out
    }
}
