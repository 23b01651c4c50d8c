/// A name an index reads: a loop counter or a size parameter.
public enum IndexTerm: Hashable, Sendable {
    case loop(String)
    case param(String)
}

/// `constant + Σ coefficient · term`.
public struct AffineIndex: Hashable, Sendable {
    public var constant: Int
    public var coefficients: [IndexTerm: Int]

    /// The affine form of `i`, or nil when it multiplies two variables or divides one.
    public init?(_ i: Index) {
        switch i {
        case .constant(let c): self.init(constant: c, coefficients: [:])
        case .loopVar(let v): self.init(constant: 0, coefficients: [.loop(v): 1])
        case .param(let p): self.init(constant: 0, coefficients: [.param(p): 1])
        case .add(let a, let b), .sub(let a, let b):
            guard let x = AffineIndex(a), var y = AffineIndex(b) else { return nil }
            if case .sub = i { y = y.scaled(-1) }
            self = x
            // Wrapping arithmetic: absurd constants in code that never runs must not trap here
            // (everything that runs was bounded by BoundsAnalysis first).
            constant &+= y.constant
            for (t, c) in y.coefficients { coefficients[t, default: 0] &+= c }
        case .mul(let a, let b):
            guard let x = AffineIndex(a), let y = AffineIndex(b) else { return nil }
            if x.coefficients.isEmpty { self = y.scaled(x.constant) }
            else if y.coefficients.isEmpty { self = x.scaled(y.constant) }
            else { return nil }
        case .div(let a, let c):
            // Exact when every coefficient and the constant are multiples of c (as in
            // llama2.c's `(i*n + j) / GS` with n and j multiples of GS); otherwise not affine.
            guard c > 0, let x = AffineIndex(a), x.constant % c == 0, x.coefficients.values.allSatisfy({ $0 % c == 0 })
            else { return nil }
            self.init(constant: x.constant / c, coefficients: x.coefficients.mapValues { $0 / c })
        case .mod(let a, let c):
            // Constant folding only (the sign of a variable dividend decides C's remainder).
            guard c > 0, let x = AffineIndex(a), x.coefficients.isEmpty else { return nil }
            self.init(constant: x.constant % c, coefficients: [:])
        }
        coefficients = coefficients.filter { $0.value != 0 }
    }

    public init(constant: Int, coefficients: [IndexTerm: Int]) {
        self.constant = constant
        self.coefficients = coefficients
    }

    /// The coefficient of loop counter `v` (0 when absent).
    public func coefficient(ofLoop v: String) -> Int { coefficients[.loop(v)] ?? 0 }

    /// This index without the loop counter `v`: its value when `v` is 0.
    public func dropping(loop v: String) -> AffineIndex {
        var c = coefficients
        c[.loop(v)] = nil
        return AffineIndex(constant: constant, coefficients: c)
    }

    /// Back to an index expression.
    public var index: Index {
        var e: Index = .constant(constant)
        for (t, k) in coefficients.sorted(by: { "\($0.key)" < "\($1.key)" }) {
            let term: Index
            switch t {
            case .loop(let v): term = .loopVar(v)
            case .param(let p): term = .param(p)
            }
            e = e + (k == 1 ? term : term * k)
        }
        return e
    }

    public func scaled(_ k: Int) -> AffineIndex {
        AffineIndex(constant: constant &* k, coefficients: coefficients.mapValues { $0 &* k })
    }
}
