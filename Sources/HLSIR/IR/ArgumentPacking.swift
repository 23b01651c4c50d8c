/// `count` elements of the model tensor `source`, from element `start`.
public struct PackedSegment: Hashable, Sendable {
    public let source: String
    public let start: Int
    public let count: Int
    public init(source: String, start: Int, count: Int) {
        self.source = source
        self.start = start
        self.count = count
    }
}

/// How the host fills one array argument of a top kernel from the model's tensors: the
/// argument holds `segments` back to back. A design that splits tensors over several ports —
/// the matrix-vector engines of a Llama design, each on its own memory bank — states here
/// where every element comes from, so the interpreter's inputs and the generated host program
/// pack exactly the same layout.
public struct ArgumentPacking: Hashable, Sendable {
    public private(set) var segments: [PackedSegment] = []

    public init() {}

    /// Appends a segment, merged with the last one when it continues it.
    public mutating func append(_ source: String, start: Int, count: Int) {
        guard count > 0 else { return }
        if let last = segments.last, last.source == source, last.start + last.count == start {
            segments[segments.count - 1] = PackedSegment(source: source, start: last.start, count: last.count + count)
        } else {
            segments.append(PackedSegment(source: source, start: start, count: count))
        }
    }

    /// Elements of the argument.
    public var count: Int { segments.reduce(0) { $0 + $1.count } }

    /// The tensors it reads, in first-use order.
    public var sources: [String] {
        var out: [String] = []
        for s in segments where !out.contains(s.source) { out.append(s.source) }
        return out
    }

    /// The argument's elements from the tensors `tensor(name)` returns; nil when a tensor is
    /// missing or shorter than a segment needs.
    public func pack<T>(_ tensor: (String) -> [T]?) -> [T]? {
        var out: [T] = []
        out.reserveCapacity(count)
        for s in segments {
            guard let t = tensor(s.source), s.start >= 0, s.start + s.count <= t.count else { return nil }
            out.append(contentsOf: t[s.start..<(s.start + s.count)])
        }
        return out
    }
}

extension ArgumentPacking {
    /// The packing with every segment whose source `inner` packs itself read through that
    /// packing instead: a segment of elements start ..< start + count of argument `source`
    /// becomes the pieces of the tensors `inner[source]` takes them from. (An engine port of a
    /// device kernel, laid out over the device's slices, read from the whole tensors.)
    public func composed(with inner: [String: ArgumentPacking]) -> ArgumentPacking {
        var out = ArgumentPacking()
        for s in segments {
            guard let p = inner[s.source] else {
                out.append(s.source, start: s.start, count: s.count)
                continue
            }
            var offset = 0
            let end = s.start + s.count
            for piece in p.segments {
                let lo = Swift.max(s.start, offset), hi = Swift.min(end, offset + piece.count)
                if lo < hi { out.append(piece.source, start: piece.start + (lo - offset), count: hi - lo) }
                offset += piece.count
                if offset >= end { break }
            }
        }
        return out
    }
}
