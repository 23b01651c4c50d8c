import HLSIR

/// The random generator's source of decisions: SeededRandom (`SeededRandom`) with the few
/// draws the generator needs.
///
/// Every draw is computed here from raw 64-bit words rather than through the standard
/// library's `random(in:using:)`, whose algorithm may change between Swift releases: a
/// seed must name the same design on every toolchain.
final class Dice {
    private var rng: SeededRandom

    init(seed: UInt64) { rng = SeededRandom(seed: seed) }

    /// A raw 64-bit word.
    func word() -> UInt64 { rng.next() }

    /// Uniform in `range` (the modulo bias is irrelevant for ranges this small).
    func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(rng.next() % UInt64(range.count))
    }

    /// True with probability `p`.
    func chance(_ p: Double) -> Bool {
        Double(rng.next() >> 11) * 0x1p-53 < p
    }

    /// One element of a non-empty array.
    func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// One value, drawn with the given relative weights (entries with weight 0 never win).
    func weighted<T>(_ items: [(Int, T)]) -> T {
        let total = items.reduce(0) { $0 + Swift.max($1.0, 0) }
        precondition(total > 0, "weighted draw with no positive weight")
        var r = int(0...(total - 1))
        for (w, item) in items where w > 0 {
            if r < w { return item }
            r -= w
        }
        return items[items.count - 1].1
    }

    /// The elements of `items` in a random order (Fisher–Yates).
    func shuffled<T>(_ items: [T]) -> [T] {
        var a = items
        if a.count < 2 { return a }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            a.swapAt(i, int(0...i))
        }
        return a
    }

    /// The seed of the design called `name` under the generator seed `seed`: the name's
    /// FNV-1a hash mixed into the seed, so that distinct names give distinct designs and the
    /// same pair always gives the same one (Swift's `Hasher` is randomised per process, so
    /// it is not used).
    static func designSeed(_ seed: UInt64, name: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        var mixer = SeededRandom(seed: seed ^ h)
        return mixer.next()
    }
}
