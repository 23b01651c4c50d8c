extension Tokenizer {
    /// llama2.c's `str_lookup`: glibc's `bsearch` over the sorted table, or nil.
    func lookup(_ bytes: ArraySlice<UInt8>) -> Int? {
        var low = 0
        var high = sortedIDs.count
        while low < high {
            let middle = (low + high) / 2
            let candidate = cPieces[sortedIDs[middle]]
            if bytes.elementsEqual(candidate) { return sortedIDs[middle] }
            if bytes.lexicographicallyPrecedes(candidate) { high = middle } else { low = middle + 1 }
        }
        return nil
    }

    /// Encodes `text` exactly as llama2.c's `encode` (run.c). See `encode(bytes:bos:eos:)`.
    public func encode(_ text: String, bos: Bool, eos: Bool = false) throws -> [Int] {
        try encode(bytes: Array(text.utf8), bos: bos, eos: eos)
    }

    /// llama2.c's `encode`: optional BOS; the " " dummy-prefix token when the text is not
    /// empty; each UTF-8 code point (at most 4 bytes) looked up whole, else each of its bytes
    /// as token `byte + 3`; then, repeatedly, the adjacent pair whose concatenation is the
    /// best-scoring token (first such pair on ties, scores above -1e10 only) is merged until
    /// no pair merges; optional EOS. Like C, the text ends at its first NUL byte, and BOS
    /// takes part in the merges. Throws `TokenizerError` when the vocabulary lacks a token
    /// llama2.c would emit (it would index out of bounds).
    public func encode(bytes text: [UInt8], bos: Bool, eos: Bool = false) throws -> [Int] {
        let text = text.prefix { $0 != 0 }
        var tokens: [Int] = []
        tokens.reserveCapacity(text.count + 3)
        func append(_ token: Int) throws {
            guard token >= 0, token < vocabSize else {
                throw TokenizerError.tokenOutOfRange(token: token, vocabSize: vocabSize)
            }
            tokens.append(token)
        }
        if bos { try append(Self.bos) }
        if !text.isEmpty {
            guard let space = lookup([0x20]) else { throw TokenizerError.missingSpaceToken }
            try append(space)
        }
        var codepoint: [UInt8] = []
        var i = text.startIndex
        while i < text.endIndex {
            let byte = text[i]
            if byte & 0xC0 != 0x80 { codepoint.removeAll(keepingCapacity: true) }
            codepoint.append(byte)
            let next = text.index(after: i)
            i = next
            // Keep collecting continuation bytes, up to 4 bytes per code point.
            if next < text.endIndex, text[next] & 0xC0 == 0x80, codepoint.count < 4 { continue }
            if let id = lookup(codepoint[...]) {
                try append(id)
            } else {
                for b in codepoint { try append(Int(b) + 3) }
            }
            codepoint.removeAll(keepingCapacity: true)
        }
        try mergePairs(&tokens)
        if eos { try append(Self.eos) }
        return tokens
    }

    /// The greedy BPE merge loop of llama2.c's `encode`.
    private func mergePairs(_ tokens: inout [Int]) throws {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(2 * maxTokenLength)
        while tokens.count >= 2 {
            var bestScore: Float = -1e10
            var bestID = -1
            var bestIndex = -1
            for i in 0..<(tokens.count - 1) {
                buffer.removeAll(keepingCapacity: true)
                buffer += cPieces[tokens[i]]
                buffer += cPieces[tokens[i + 1]]
                if let id = lookup(buffer[...]), scores[id] > bestScore {
                    bestScore = scores[id]
                    bestID = id
                    bestIndex = i
                }
            }
            if bestIndex == -1 { break }
            tokens[bestIndex] = bestID
            tokens.remove(at: bestIndex + 1)
        }
    }
}
