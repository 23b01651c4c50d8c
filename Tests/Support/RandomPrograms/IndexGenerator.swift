import HLSIR

/// Affine array indices that stay inside their array for every iteration.
///
/// An index is `c0 + Σ cᵥ·v (+ (maxᵥ − v)) (+ n)` over enclosing loop counters `v` (each in
/// `0...maxᵥ`) and size parameters `n` (in `0...max`), with non-negative constants chosen so
/// that its largest value is at most `extent − 1`. `IndexRange` checks that claim
/// independently.
struct IndexGenerator {
    let dice: Dice
    let sizes: [SizeParameter]

    /// An index into a dimension of `extent` elements, valid everywhere in `scope`.
    func index(extent: Int, scope: GenerationScope) -> Index {
        var room = extent - 1
        var terms: [Index] = []
        for counter in dice.shuffled(scope.loops) where dice.chance(0.7) {
            guard counter.maxValue <= room else { continue }
            if dice.chance(0.2) {
                // Reversed traversal: maxᵥ − v runs over the same range downwards.
                terms.append(.sub(.constant(counter.maxValue), .loopVar(counter.name)))
                room -= counter.maxValue
                continue
            }
            var c = dice.weighted([(6, 1), (2, 2), (1, 3), (1, 4)])
            while c > 1 && c * counter.maxValue > room { c -= 1 }
            terms.append(c == 1 ? .loopVar(counter.name) : .mul(.constant(c), .loopVar(counter.name)))
            room -= c * counter.maxValue
        }
        for size in sizes where size.max <= room && dice.chance(0.1) {
            terms.append(.param(size.name))
            room -= size.max
        }
        let offset = room > 0 && dice.chance(0.5) ? dice.int(0...room) : 0
        guard var index = terms.first else { return .constant(offset) }
        for t in terms.dropFirst() { index = .add(index, t) }
        return offset == 0 ? index : (dice.chance(0.5) ? .add(index, .constant(offset)) : .add(.constant(offset), index))
    }

    /// One index per dimension of `shape`.
    func indices(shape: [Int], scope: GenerationScope) -> [Index] {
        shape.map { index(extent: $0, scope: scope) }
    }
}

/// Interval analysis of index expressions: the smallest and largest value an index takes
/// when every loop counter and size parameter ranges over `0...max`.
enum IndexRange {
    /// The range of `index`, or nil when it reads a name missing from `maxima`.
    static func of(_ index: Index, maxima: [String: Int]) -> ClosedRange<Int>? {
        switch index {
        case .constant(let c): return c...c
        case .loopVar(let n), .param(let n):
            guard let m = maxima[n] else { return nil }
            return 0...m
        case .add(let a, let b):
            guard let x = of(a, maxima: maxima), let y = of(b, maxima: maxima) else { return nil }
            return (x.lowerBound + y.lowerBound)...(x.upperBound + y.upperBound)
        case .sub(let a, let b):
            guard let x = of(a, maxima: maxima), let y = of(b, maxima: maxima) else { return nil }
            return (x.lowerBound - y.upperBound)...(x.upperBound - y.lowerBound)
        case .mul(let a, let b):
            guard let x = of(a, maxima: maxima), let y = of(b, maxima: maxima) else { return nil }
            let p = [x.lowerBound * y.lowerBound, x.lowerBound * y.upperBound,
                     x.upperBound * y.lowerBound, x.upperBound * y.upperBound]
            return p.min()!...p.max()!
        case .div(let a, let c):
            guard c > 0, let x = of(a, maxima: maxima), x.lowerBound >= 0 else { return nil }
            return (x.lowerBound / c)...(x.upperBound / c)
        case .mod(let a, let c):
            guard c > 0, let x = of(a, maxima: maxima), x.lowerBound >= 0 else { return nil }
            return x.upperBound < c ? x : 0...(c - 1)
        }
    }
}
