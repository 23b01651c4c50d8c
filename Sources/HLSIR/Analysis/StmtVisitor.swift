/// Walks kernel bodies. Every statement kind is handled explicitly (no `default:`), so a new
/// kind of statement is a compile error here rather than something an analysis skips.
public enum StmtVisitor {
    /// A loop or reduction and where it sits.
    public struct LoopInfo: Hashable, Sendable {
        public let label: String
        public let variable: String
        public let bound: Bound
        public let isReduction: Bool
        /// Labels of the enclosing loops and reductions, outermost first.
        public let enclosing: [String]
        /// The statements of the body (for a reduction, before its value is evaluated).
        public let body: [Stmt]
    }

    /// A loop or reduction around a statement.
    public struct Enclosing: Hashable, Sendable {
        public let label: String
        public let variable: String
        public let bound: Bound
        public init(label: String, variable: String, bound: Bound) {
            self.label = label
            self.variable = variable
            self.bound = bound
        }
    }

    /// Calls `visit` for every statement in `block` and in the blocks nested in it, parents
    /// before their children, in program order, with the loops around it (a reduction's body
    /// counts as inside the reduction; its initial value and result do not).
    public static func forEachStatement(in block: [Stmt], enclosing: [Enclosing] = [],
                                        _ visit: (Stmt, [Enclosing]) -> Void) {
        for s in block {
            visit(s, enclosing)
            switch s {
            case .loop(let l):
                forEachStatement(in: l.body, enclosing: enclosing + [Enclosing(label: l.name, variable: l.variable, bound: l.bound)], visit)
            case .reduce(let r):
                forEachStatement(in: r.body, enclosing: enclosing + [Enclosing(label: r.name, variable: r.variable, bound: r.bound)], visit)
            case .branch(_, let t, let o):
                forEachStatement(in: t, enclosing: enclosing, visit)
                forEachStatement(in: o, enclosing: enclosing, visit)
            case .bind, .declare, .assign, .store, .call:
                break
            }
        }
    }

    /// The loads in `e` (parents first), with their buffers and indices.
    public static func loads(in e: Expr) -> [(buffer: String, indices: [Index])] {
        var out: [(buffer: String, indices: [Index])] = []
        e.walk { if case .load(let b, let idx) = $0.node { out.append((b, idx)) } }
        return out
    }

    /// The blocks nested directly in `s`.
    public static func children(of s: Stmt) -> [[Stmt]] {
        switch s {
        case .loop(let l): return [l.body]
        case .reduce(let r): return [r.body]
        case .branch(_, let t, let o): return [t, o]
        case .bind, .declare, .assign, .store, .call: return []
        }
    }

    /// The expressions `s` itself evaluates (not those of nested blocks), in evaluation order.
    public static func expressions(of s: Stmt) -> [Expr] {
        switch s {
        case .loop: return []
        case .reduce(let r): return [r.initial, r.value]
        case .bind(_, let e), .declare(_, let e), .assign(_, let e): return [e]
        case .store(_, _, let e): return [e]
        case .branch(let c, _, _): return [c]
        case .call(_, let args):
            return args.compactMap { if case .scalar(let e) = $0 { return e } else { return nil } }
        }
    }

    /// Calls `visit` for every loop and reduction in `block`, outer first.
    public static func forEachLoop(in block: [Stmt], enclosing: [String] = [], _ visit: (LoopInfo) -> Void) {
        for s in block {
            switch s {
            case .loop(let l):
                visit(LoopInfo(label: l.name, variable: l.variable, bound: l.bound, isReduction: false,
                               enclosing: enclosing, body: l.body))
                forEachLoop(in: l.body, enclosing: enclosing + [l.name], visit)
            case .reduce(let r):
                visit(LoopInfo(label: r.name, variable: r.variable, bound: r.bound, isReduction: true,
                               enclosing: enclosing, body: r.body))
                forEachLoop(in: r.body, enclosing: enclosing + [r.name], visit)
            case .branch(_, let t, let o):
                forEachLoop(in: t, enclosing: enclosing, visit)
                forEachLoop(in: o, enclosing: enclosing, visit)
            case .bind, .declare, .assign, .store, .call:
                break
            }
        }
    }
}
