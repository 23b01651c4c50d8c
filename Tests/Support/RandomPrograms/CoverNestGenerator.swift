import HLSIR

/// Loop nests that write every element of a buffer, so that outputs are fully determined
/// by the inputs and locals are written before they are read.
///
/// The nest has constant bounds and its last statement is an unconditional store whose
/// indices map the iteration space one-to-one onto the buffer: a 1-D buffer of N elements
/// is covered by loops whose extents multiply to N (mixed radix, each digit possibly
/// reversed, the loops nested in any order); a 2-D local by one loop per dimension.
extension StatementGenerator {
    private struct Digit {
        let counter: LoopCounter
        let label: String
        let extent: Int
        /// Which buffer dimension the digit indexes, and with which weight.
        let dimension: Int
        let stride: Int
        let reversed: Bool

        var term: Index {
            let v: Index = reversed ? .sub(.constant(extent - 1), .loopVar(counter.name)) : .loopVar(counter.name)
            return stride == 1 ? v : .mul(v, .constant(stride))
        }
    }

    /// A loop nest, starting in `s`, that stores a random value into every element of `b`.
    func cover(_ b: Buffer, _ s: GenerationScope) -> Stmt {
        let budget = Self.maxLoopDepth - s.depth
        var digits: [Digit] = []
        for (dim, extent) in b.shape.enumerated() {
            let parts = b.shape.count == 1 ? factorization(extent, maxParts: dice.int(1...Swift.max(1, budget)), limit: budget) : [extent]
            var stride = parts.reduce(1, *)
            for p in parts {
                stride /= p
                let label = state.fresh("L")
                digits.append(Digit(counter: LoopCounter(name: state.fresh("i"), maxValue: p - 1), label: label,
                                    extent: p, dimension: dim, stride: stride, reversed: dice.chance(0.25)))
            }
        }
        let order = dice.shuffled(digits)
        let indices = (0..<b.shape.count).map { dim -> Index in
            let terms = digits.filter { $0.dimension == dim }.map(\.term)
            return terms.dropFirst().reduce(terms[0]) { .add($0, $1) }
        }
        return coverLevel(b, order, level: 0, indices: indices, s)
    }

    private func coverLevel(_ b: Buffer, _ digits: [Digit], level: Int, indices: [Index], _ s: GenerationScope) -> Stmt {
        let d = digits[level]
        var inner = s.entering(d.counter)
        var body: [Stmt] = []
        if level + 1 < digits.count {
            if dice.chance(0.3) { body.append(bind(&inner)) }
            body.append(coverLevel(b, digits, level: level + 1, indices: indices, inner))
        } else {
            for _ in 0..<dice.weighted([(3, 0), (3, 1), (1, 2)]) { body += prelude(&inner) }
            let (pre, value) = storedValue(for: b, mixing: 0.85, &inner)
            body += pre
            body.append(.store(buffer: b.name, indices: indices, value: value))
        }
        return .loop(Loop(name: d.label, variable: d.counter.name, bound: .constant(d.extent), body: body))
    }

    /// Statements computing material for the store of a covering nest.
    private func prelude(_ s: inout GenerationScope) -> [Stmt] {
        let canNest = s.depth < Self.maxLoopDepth
        switch dice.weighted([(3, 0), (canNest ? 3 : 0, 1), (1, 2), (s.mutables.isEmpty ? 0 : 1, 3), (1, 4)]) {
        case 0: return [bind(&s)]
        case 1: return [reduction(&s)]
        case 2: return [branch(s, branchDepth: 1)]
        case 3: return [assign(s)]
        default: return state.writable.isEmpty ? [bind(&s)] : store(&s)
        }
    }

    /// `n` as a product of factors (each at least 2 when there are several): about
    /// `maxParts` of them, more when a factor would exceed 16, never more than `limit`. So
    /// covering loops mostly keep the 1–16 trip counts of other loops; a prime length above
    /// 16 still needs one longer loop.
    func factorization(_ n: Int, maxParts: Int, limit: Int) -> [Int] {
        var parts: [Int] = []
        var rest = n
        while parts.count + 1 < limit, parts.count + 1 < maxParts || rest > 16, rest >= 4 {
            let divisors = (2...(rest / 2)).filter { rest % $0 == 0 }
            guard !divisors.isEmpty else { break }
            let small = divisors.filter { $0 <= 16 && rest / $0 <= 16 }
            let medium = divisors.filter { $0 <= 16 }
            let f = dice.pick(!small.isEmpty ? small : !medium.isEmpty ? medium : divisors)
            parts.append(f)
            rest /= f
        }
        parts.append(rest)
        return dice.shuffled(parts)
    }
}
