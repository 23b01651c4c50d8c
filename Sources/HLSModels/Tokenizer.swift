import Foundation

/// llama2.c's BPE tokenizer as stored in tokenizer.bin: int32 max_token_length, then per
/// token a float32 merge score, an int32 byte length and the token's bytes. The file does
/// not record the vocabulary size; loading reads tokens to the end of the file and requires
/// their number to equal the model's vocab_size.
public struct Tokenizer: Sendable, Equatable {
    /// Token 1, which llama2.c prepends to a prompt and which ends generation.
    public static let bos = 1
    /// Token 2, appended by `encode(_:bos:eos:)` when `eos` is true.
    public static let eos = 2

    /// The longest token in bytes, as the file states it.
    public let maxTokenLength: Int
    /// Each token's bytes exactly as stored.
    public let pieces: [[UInt8]]
    /// Each token's merge score (higher merges first).
    public let scores: [Float]

    /// The bytes C sees for each token: llama2.c keeps tokens as NUL-terminated strings,
    /// so a piece is cut at its first NUL byte for lookup and decoding.
    let cPieces: [[UInt8]]
    /// Token ids sorted by `cPieces` (strcmp order, ties by id as glibc's stable merge
    /// sort leaves them), the table llama2.c's `str_lookup` bisects.
    let sortedIDs: [Int]

    public var vocabSize: Int { pieces.count }

    /// Builds a tokenizer from its tokens. Throws `ModelFileError.invalidToken` if the
    /// arrays differ in length or a piece is longer than `maxTokenLength`.
    public init(pieces: [[UInt8]], scores: [Float], maxTokenLength: Int) throws {
        try self.init(pieces: pieces, scores: scores, maxTokenLength: maxTokenLength, file: "tokenizer")
    }

    init(pieces: [[UInt8]], scores: [Float], maxTokenLength: Int, file: String) throws {
        if pieces.count != scores.count {
            throw ModelFileError.invalidToken(
                file: file, index: min(pieces.count, scores.count),
                reason: "\(pieces.count) pieces but \(scores.count) scores")
        }
        if maxTokenLength < 0 || Int32(exactly: maxTokenLength) == nil {
            throw ModelFileError.invalidHeader(file: file, reason: "max_token_length is \(maxTokenLength), expected 0 or more")
        }
        // llama2.c's merge buffer holds two tokens of max_token_length: longer ones would overflow it.
        if let index = pieces.firstIndex(where: { $0.count > maxTokenLength }) {
            throw ModelFileError.invalidToken(
                file: file, index: index,
                reason: "is \(pieces[index].count) bytes long, longer than max_token_length \(maxTokenLength)")
        }
        self.maxTokenLength = maxTokenLength
        self.pieces = pieces
        self.scores = scores
        let cPieces = pieces.map { piece in Array(piece.prefix { $0 != 0 }) }
        self.cPieces = cPieces
        self.sortedIDs = cPieces.indices.sorted { a, b in
            let lhs = cPieces[a], rhs = cPieces[b]
            if lhs == rhs { return a < b }
            return lhs.lexicographicallyPrecedes(rhs)
        }
    }

    /// Reads tokenizer.bin and checks it has exactly `vocabSize` tokens (the model's).
    /// Throws `ModelFileError` for a missing or truncated file, an impossible entry, or a
    /// vocabulary size that differs from `vocabSize`.
    public init(contentsOf url: URL, vocabSize: Int) throws {
        try self.init(data: try ModelFileData.read(url), file: url.path, vocabSize: vocabSize)
    }

    /// Parses tokenizer.bin bytes; `file` names the source in error messages; a non-nil
    /// `vocabSize` must equal the number of tokens.
    public init(data: Data, file: String, vocabSize: Int?) throws {
        var reader = ByteReader(data, file: file)
        let maxTokenLength = Int(try reader.int32("max_token_length"))
        if maxTokenLength < 0 {
            throw ModelFileError.invalidHeader(file: file, reason: "max_token_length is \(maxTokenLength), expected 0 or more")
        }
        var pieces: [[UInt8]] = []
        var scores: [Float] = []
        while !reader.isAtEnd {
            let index = pieces.count
            let score = try reader.float32("token \(index) score")
            let length = Int(try reader.int32("token \(index) length"))
            if length < 0 {
                throw ModelFileError.invalidToken(file: file, index: index, reason: "length is \(length), expected 0 or more")
            }
            if length > maxTokenLength {
                throw ModelFileError.invalidToken(
                    file: file, index: index,
                    reason: "is \(length) bytes long, longer than max_token_length \(maxTokenLength)")
            }
            pieces.append(try reader.bytes(length, "token \(index) bytes"))
            scores.append(score)
        }
        if let vocabSize, pieces.count != vocabSize {
            throw ModelFileError.vocabularyMismatch(file: file, tokenizerSize: pieces.count, modelSize: vocabSize)
        }
        try self.init(pieces: pieces, scores: scores, maxTokenLength: maxTokenLength, file: file)
    }

    /// The tokenizer.bin bytes.
    public func serialized() -> Data {
        var writer = ByteWriter()
        writer.int32(Int32(maxTokenLength))
        for (piece, score) in zip(pieces, scores) {
            writer.float32(score)
            writer.int32(Int32(piece.count))
            writer.bytes(piece)
        }
        return writer.data
    }

    /// Writes tokenizer.bin to `url`.
    public func write(to url: URL) throws {
        try ModelFileData.write(serialized(), to: url)
    }

    public static func == (lhs: Tokenizer, rhs: Tokenizer) -> Bool {
        lhs.maxTokenLength == rhs.maxTokenLength && lhs.pieces == rhs.pieces
            && lhs.scores.map(\.bitPattern) == rhs.scores.map(\.bitPattern)
    }
}
