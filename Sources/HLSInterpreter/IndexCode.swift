import HLSIR

/// A compiled index: specialised for the affine shapes that make up nearly every access.
enum IndexCode {
    case constant(Int)
    /// `c + k · *p`
    case one(Int, Int, UnsafeMutablePointer<Int>)
    /// `c + k1 · *p1 + k2 · *p2`
    case two(Int, Int, UnsafeMutablePointer<Int>, Int, UnsafeMutablePointer<Int>)
    case general(() -> Int)

    /// Compiles `i`, reading loop counters and sizes through `slot`.
    init(_ i: Index, slot: (IndexTerm) -> UnsafeMutablePointer<Int>) {
        if let a = AffineIndex(i) {
            let terms = a.coefficients.sorted { "\($0.key)" < "\($1.key)" }
            switch terms.count {
            case 0: self = .constant(a.constant)
            case 1: self = .one(a.constant, terms[0].value, slot(terms[0].key))
            case 2: self = .two(a.constant, terms[0].value, slot(terms[0].key), terms[1].value, slot(terms[1].key))
            default:
                let c = a.constant
                let ks = terms.map(\.value), ps = terms.map { slot($0.key) }
                let n = ks.count
                let kp = UnsafeMutablePointer<Int>.allocate(capacity: n)
                let pp = UnsafeMutablePointer<UnsafeMutablePointer<Int>>.allocate(capacity: n)
                kp.initialize(from: ks, count: n)
                pp.initialize(from: ps, count: n)
                let holder = AffineHolder(kp, pp)
                self = .general {
                    var s = c
                    for j in 0..<n { s &+= holder.k[j] &* holder.p[j].pointee }
                    return s
                }
            }
            return
        }
        self = .general(IndexCode.split(i, slot: slot))
    }

    /// A non-affine index as its affine terms (one specialised closure) plus the remaining
    /// terms, such as attention's `(h / kv_mul) · head_size`: fewer nested calls than the
    /// whole tree. Wrapping sums may be regrouped freely.
    private static func split(_ i: Index, slot: (IndexTerm) -> UnsafeMutablePointer<Int>) -> () -> Int {
        var terms: [(Index, Bool)] = []
        func flatten(_ e: Index, _ negative: Bool) {
            switch e {
            case .add(let a, let b): flatten(a, negative); flatten(b, negative)
            case .sub(let a, let b): flatten(a, negative); flatten(b, !negative)
            default: terms.append((e, negative))
            }
        }
        flatten(i, false)
        var affine: Index = .constant(0)
        var rest: [() -> Int] = []
        for (t, negative) in terms {
            if AffineIndex(t) != nil {
                affine = negative ? affine - t : affine + t
            } else {
                let f = term(t, slot: slot)
                rest.append(negative ? { 0 &- f() } : f)
            }
        }
        guard !rest.isEmpty else { return tree(i, slot: slot) }
        let a = IndexCode(affine, slot: slot).closure
        if rest.count == 1 { let r = rest[0]; return { a() &+ r() } }
        let r = rest.reduce({ 0 }) { acc, f in { acc() &+ f() } }
        return { a() &+ r() }
    }

    /// One non-affine term; `(v / c) · k` with a single counter or size is one closure.
    private static func term(_ t: Index, slot: (IndexTerm) -> UnsafeMutablePointer<Int>) -> () -> Int {
        func single(_ e: Index) -> UnsafeMutablePointer<Int>? {
            switch e {
            case .loopVar(let v): return slot(.loop(v))
            case .param(let n): return slot(.param(n))
            default: return nil
            }
        }
        switch t {
        case .mul(.div(let v, let c), .constant(let k)), .mul(.constant(let k), .div(let v, let c)):
            if let p = single(v) { return { (p.pointee / c) &* k } }
        case .div(let v, let c):
            if let p = single(v) { return { p.pointee / c } }
        default: break
        }
        return tree(t, slot: slot)
    }

    private static func tree(_ i: Index, slot: (IndexTerm) -> UnsafeMutablePointer<Int>) -> () -> Int {
        switch i {
        case .constant(let c): return { c }
        case .loopVar(let v): let p = slot(.loop(v)); return { p.pointee }
        case .param(let n): let p = slot(.param(n)); return { p.pointee }
        case .add(let a, let b): let x = tree(a, slot: slot), y = tree(b, slot: slot); return { x() &+ y() }
        case .sub(let a, let b): let x = tree(a, slot: slot), y = tree(b, slot: slot); return { x() &- y() }
        case .mul(let a, let b): let x = tree(a, slot: slot), y = tree(b, slot: slot); return { x() &* y() }
        case .div(let a, let c): let x = tree(a, slot: slot); return { x() / c }
        case .mod(let a, let c): let x = tree(a, slot: slot); return { x() % c }
        }
    }

    /// The index as a closure.
    var closure: () -> Int {
        switch self {
        case .constant(let c): return { c }
        case .one(let c, let k, let p): return { c &+ k &* p.pointee }
        case .two(let c, let k1, let p1, let k2, let p2): return { c &+ k1 &* p1.pointee &+ k2 &* p2.pointee }
        case .general(let f): return f
        }
    }
}

/// Coefficient arrays of a general affine index, freed with the closure that uses them.
final class AffineHolder {
    let k: UnsafeMutablePointer<Int>
    let p: UnsafeMutablePointer<UnsafeMutablePointer<Int>>
    init(_ k: UnsafeMutablePointer<Int>, _ p: UnsafeMutablePointer<UnsafeMutablePointer<Int>>) {
        self.k = k
        self.p = p
    }
    deinit {
        k.deallocate()
        p.deallocate()
    }
}
