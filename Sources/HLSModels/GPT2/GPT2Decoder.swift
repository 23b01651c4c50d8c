import Foundation

/// llm.c's GPT-2 decoder file (`gpt2_tokenizer.bin`, train_gpt2.c `tokenizer_init`): a header
/// of 256 uint32 — [0] magic 20240328, [1] version 1, or 2 with [3] = the end-of-text id,
/// [2] vocabulary size — then per token one length byte (1…255) and that many bytes.
/// Decoding only: token id → its bytes.
public struct GPT2Decoder: Sendable, Equatable {
    public static let magic: UInt32 = 20240328
    public static let headerBytes = 256 * 4
    /// GPT-2's <|endoftext|> (version-1 files do not record it).
    public static let defaultEndOfText = 50256

    /// Each token's bytes.
    public let pieces: [[UInt8]]
    /// The end-of-text id (header [3] of a version-2 file, else 50256).
    public let endOfText: Int

    public var vocabSize: Int { pieces.count }

    public init(pieces: [[UInt8]], endOfText: Int = GPT2Decoder.defaultEndOfText) {
        self.pieces = pieces
        self.endOfText = endOfText
    }

    /// Reads the file and checks it has exactly `vocabSize` tokens (the model's).
    public init(contentsOf url: URL, vocabSize: Int?) throws {
        try self.init(data: try ModelFileData.read(url), file: url.path, vocabSize: vocabSize)
    }

    public init(data: Data, file: String, vocabSize: Int?) throws {
        var reader = ByteReader(data, file: file)
        if reader.count < Self.headerBytes {
            throw ModelFileError.truncated(file: file, what: "the 256-uint32 GPT-2 tokenizer header", needed: Self.headerBytes, available: reader.count)
        }
        let magic = try reader.uint32("magic")
        if magic != Self.magic {
            throw ModelFileError.invalidHeader(file: file, reason: "magic is \(magic), expected \(Self.magic) (an llm.c GPT-2 tokenizer)")
        }
        let version = try reader.uint32("version")
        let count = Int(try reader.uint32("vocab_size"))
        let eot = Int(try reader.uint32("eot_token"))
        switch version {
        case 1: endOfText = Self.defaultEndOfText
        case 2: endOfText = eot
        default:
            throw ModelFileError.invalidHeader(file: file, reason: "GPT-2 tokenizer version is \(version), expected 1 or 2")
        }
        if let vocabSize, count != vocabSize {
            throw ModelFileError.vocabularyMismatch(file: file, tokenizerSize: count, modelSize: vocabSize)
        }
        try reader.seek(to: Self.headerBytes, "tokens")
        var pieces: [[UInt8]] = []
        pieces.reserveCapacity(count)
        for index in 0..<count {
            let length = Int(try reader.uint8("token \(index) length"))
            if length == 0 { throw ModelFileError.invalidToken(file: file, index: index, reason: "length is 0, expected 1 to 255") }
            pieces.append(try reader.bytes(length, "token \(index) bytes"))
        }
        if !reader.isAtEnd {
            throw ModelFileError.lengthMismatch(file: file, expected: reader.offset, actual: reader.count)
        }
        self.pieces = pieces
    }

    /// The file bytes (version 2).
    public func serialized() -> Data {
        var writer = ByteWriter()
        for v in [Self.magic, 2, UInt32(pieces.count), UInt32(endOfText)] { writer.uint32(v) }
        writer.zeros(Self.headerBytes - 16)
        for p in pieces {
            writer.uint8(UInt8(p.count))
            writer.bytes(p)
        }
        return writer.data
    }

    public func write(to url: URL) throws {
        try ModelFileData.write(serialized(), to: url)
    }

    /// llm.c's `tokenizer_decode` followed by `safe_printf`: the token's bytes, or nothing for
    /// a single byte that is neither printable nor whitespace; an id outside the vocabulary
    /// is an error (llm.c prints one and returns NULL).
    public func printable(_ token: Int) throws -> [UInt8] {
        guard token >= 0, token < pieces.count else {
            throw TokenizerError.tokenOutOfRange(token: token, vocabSize: pieces.count)
        }
        return Tokenizer.printable(pieces[token])
    }

    /// A seeded stand-in vocabulary for tests: `vocabSize` tokens of 1–4 printable bytes.
    public static func synthetic(vocabSize: Int, seed: UInt64 = 1) -> GPT2Decoder {
        var state = seed | 1
        func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
        let pieces = (0..<vocabSize).map { _ in (0..<(1 + Int(next() % 4))).map { _ in UInt8(0x61 + next() % 26) } }
        return GPT2Decoder(pieces: pieces, endOfText: vocabSize - 1)
    }
}
