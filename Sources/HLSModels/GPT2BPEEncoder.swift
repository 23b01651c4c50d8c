/// GPT-2's byte-level BPE encoder, giving exactly tiktoken's ids (`encode_ordinary`):
/// the text is split by `GPT2BPEPreTokenizer`; a piece whose UTF-8 bytes are a token is that
/// token; otherwise, starting from its single bytes, the adjacent pair whose concatenation
/// has the lowest rank (the leftmost on ties) is merged until no adjacent concatenation is a
/// token, and the ranks of the parts are the ids.
///
/// Special tokens are not recognised: "<|endoftext|>" in the text is encoded as ordinary
/// text (`<`, `|`, `end`, ...), as tiktoken's `encode_ordinary` does. A caller who wants
/// id 50256 appends it itself (llm.c starts every sequence with it).
public struct GPT2BPEEncoder: Sendable {
    /// Token bytes → rank. Keys are slices so that lookups of a sub-range of a piece need no
    /// copy.
    private let ranks: [ArraySlice<UInt8>: Int]
    /// Rank → token bytes (the first token given a rank wins when a table repeats one).
    private let tokens: [Int: [UInt8]]

    /// Pieces at most this many bytes long are merged by the simple quadratic scan (fastest
    /// for the short pieces of ordinary text); longer ones by a heap, in O(n log n).
    static let heapThreshold = 64

    /// Reads the ranks from a `.tiktoken` file (see `GPT2BPERanks.load`); throws
    /// `GPT2BPEFileError` with a one-line message naming the file and line.
    public init(tiktokenFile path: String) throws {
        self.init(ranks: try GPT2BPERanks.load(tiktokenFile: path))
    }

    /// An encoder over the given ranks. The table should rank every single byte (the file
    /// loader checks it): a byte without a rank is left out of `encode`'s output. Empty
    /// keys are ignored; if two tokens share a rank, `decode` gives the bytes of the
    /// lexicographically smaller one.
    public init(ranks: [[UInt8]: Int]) {
        var byBytes: [ArraySlice<UInt8>: Int] = [:]
        byBytes.reserveCapacity(ranks.count)
        var byRank: [Int: [UInt8]] = [:]
        byRank.reserveCapacity(ranks.count)
        for (bytes, rank) in ranks where !bytes.isEmpty {
            byBytes[bytes[...]] = rank
            if let other = byRank[rank], other.lexicographicallyPrecedes(bytes) { continue }
            byRank[rank] = bytes
        }
        self.ranks = byBytes
        self.tokens = byRank
    }

    /// The number of tokens in the table.
    public var count: Int { ranks.count }

    /// The rank of a byte string, or nil when it is not a token.
    public func rank(of bytes: [UInt8]) -> Int? { ranks[bytes[...]] }

    /// The bytes of a token, or nil for an id the table does not have (such as 50256).
    public func bytes(of id: Int) -> [UInt8]? { tokens[id] }

    /// The ids of `text` (tiktoken's `encode_ordinary`).
    public func encode(_ text: String) -> [Int] {
        let scalars = Array(text.unicodeScalars)
        let utf8 = Array(text.utf8)
        // UTF-8 offset of each scalar index (and of the end).
        var offsets = [Int](repeating: 0, count: scalars.count + 1)
        var offset = 0
        for (k, scalar) in scalars.enumerated() {
            offsets[k] = offset
            offset += UTF8.width(scalar)
        }
        offsets[scalars.count] = offset
        var cache: [ArraySlice<UInt8>: [Int]] = [:]
        var ids: [Int] = []
        ids.reserveCapacity(utf8.count / 3 + 1)
        for range in GPT2BPEPreTokenizer.pieceRanges(scalars) {
            let piece = utf8[offsets[range.lowerBound]..<offsets[range.upperBound]]
            if let rank = ranks[piece] {
                ids.append(rank)
            } else if let cached = cache[piece] {
                ids.append(contentsOf: cached)
            } else {
                let encoded = encodePiece(piece)
                cache[piece] = encoded
                ids.append(contentsOf: encoded)
            }
        }
        return ids
    }

    /// The bytes of `ids`, concatenated; ids the table does not have are skipped.
    public func decode(_ ids: [Int]) -> [UInt8] {
        var out: [UInt8] = []
        for id in ids { if let bytes = tokens[id] { out.append(contentsOf: bytes) } }
        return out
    }

    /// BPE over one piece: the ranks of its parts, merged as described on the type.
    func encodePiece(_ piece: ArraySlice<UInt8>) -> [Int] {
        let bounds = piece.count <= Self.heapThreshold ? mergeByScan(piece) : mergeByHeap(piece)
        var out: [Int] = []
        out.reserveCapacity(bounds.count - 1)
        for k in 0..<(bounds.count - 1) {
            if let rank = ranks[piece[bounds[k]..<bounds[k + 1]]] { out.append(rank) }
        }
        return out
    }

    private func pairRank(_ piece: ArraySlice<UInt8>, _ from: Int, _ to: Int) -> Int {
        ranks[piece[from..<to]] ?? Int.max
    }

    /// The part boundaries (absolute indices into `piece`, first and last included) after
    /// merging: each step scans all pairs for the lowest rank, first one on ties.
    func mergeByScan(_ piece: ArraySlice<UInt8>) -> [Int] {
        var bounds = Array(piece.startIndex...piece.endIndex)
        // pairRanks[k] = rank of parts k and k+1 together.
        var pairRanks = [Int](repeating: Int.max, count: max(bounds.count - 2, 0))
        for k in 0..<pairRanks.count { pairRanks[k] = pairRank(piece, bounds[k], bounds[k + 2]) }
        while !pairRanks.isEmpty {
            var best = 0
            for k in 1..<pairRanks.count where pairRanks[k] < pairRanks[best] { best = k }
            if pairRanks[best] == Int.max { break }
            bounds.remove(at: best + 1)
            pairRanks.remove(at: best)
            if best < pairRanks.count { pairRanks[best] = pairRank(piece, bounds[best], bounds[best + 2]) }
            if best > 0 { pairRanks[best - 1] = pairRank(piece, bounds[best - 1], bounds[best + 1]) }
        }
        return bounds
    }

    /// The same merges as `mergeByScan`, for long pieces: parts in a linked list, candidate
    /// pairs in a min-heap ordered by (rank, start); stale entries are skipped when popped.
    func mergeByHeap(_ piece: ArraySlice<UInt8>) -> [Int] {
        let base = piece.startIndex
        let n = piece.count
        guard n > 1 else { return [base, base + n] }
        // Parts are named by their start offset 0..<n; next[s] is the end of part s (= the
        // start of the following part), prev[s] the start of the previous part (-1 for none).
        var next = Array(1...n)
        var prev = Array(-1..<(n - 1))
        var alive = [Bool](repeating: true, count: n)
        var heap = PairHeap()
        func push(_ left: Int) {
            let right = next[left]
            guard right < n else { return }
            let end = next[right]
            let rank = pairRank(piece, base + left, base + end)
            if rank != Int.max { heap.push(PairHeap.Entry(rank: rank, left: left, right: right, end: end)) }
        }
        for s in 0..<(n - 1) { push(s) }
        while let e = heap.pop() {
            // Valid only if both parts still exist with the extents the entry saw.
            guard alive[e.left], alive[e.right], next[e.left] == e.right, next[e.right] == e.end else { continue }
            alive[e.right] = false
            next[e.left] = e.end
            if e.end < n { prev[e.end] = e.left }
            push(e.left)
            if prev[e.left] >= 0 { push(prev[e.left]) }
        }
        var bounds: [Int] = []
        var s = 0
        while s < n { bounds.append(base + s); s = next[s] }
        bounds.append(base + n)
        return bounds
    }
}

/// A binary min-heap of candidate merges ordered by (rank, left start).
struct PairHeap {
    struct Entry {
        var rank: Int
        var left: Int
        var right: Int
        var end: Int
        func precedes(_ other: Entry) -> Bool {
            rank != other.rank ? rank < other.rank : left < other.left
        }
    }

    private var items: [Entry] = []

    mutating func push(_ entry: Entry) {
        items.append(entry)
        var k = items.count - 1
        while k > 0 {
            let parent = (k - 1) / 2
            guard items[k].precedes(items[parent]) else { break }
            items.swapAt(k, parent)
            k = parent
        }
    }

    mutating func pop() -> Entry? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var k = 0
            while true {
                let l = 2 * k + 1, r = l + 1
                var m = k
                if l < items.count, items[l].precedes(items[m]) { m = l }
                if r < items.count, items[r].precedes(items[m]) { m = r }
                if m == k { break }
                items.swapAt(k, m)
                k = m
            }
        }
        return top
    }
}
