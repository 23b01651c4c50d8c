extension Tokenizer {
    /// llama2.c's `decode`: the bytes of `token`, with a leading space dropped when
    /// `previous` is BOS, and a `<0xHH>` piece replaced by the raw byte (an empty result for
    /// `<0x00>`, which C sees as an empty string). Throws `TokenizerError.tokenOutOfRange`.
    public func decode(previous: Int, token: Int) throws -> [UInt8] {
        guard token >= 0, token < vocabSize else {
            throw TokenizerError.tokenOutOfRange(token: token, vocabSize: vocabSize)
        }
        var piece = cPieces[token][...]
        if previous == Self.bos, piece.first == 0x20 { piece = piece.dropFirst() }
        if let byte = Self.scanBytePiece(piece) { return byte == 0 ? [] : [byte] }
        return Array(piece)
    }

    /// What llama2.c's `safe_printf` prints for a decoded piece: nothing for an empty piece
    /// or a single byte that is neither printable nor whitespace in the C locale, the piece
    /// unchanged otherwise.
    public static func printable(_ piece: [UInt8]) -> [UInt8] {
        guard let first = piece.first else { return [] }
        if piece.count == 1 {
            let isPrint = (0x20...0x7E).contains(first)
            let isSpace = first == 0x20 || (0x09...0x0D).contains(first)
            if !(isPrint || isSpace) { return [] }
        }
        return piece
    }

    /// The text for a run of generated tokens, as llama2.c prints it: each token decoded
    /// against its predecessor (`previous` before the first) and filtered by `printable`.
    public func text(of tokens: [Int], previous: Int = Tokenizer.bos) throws -> [UInt8] {
        var out: [UInt8] = []
        var prev = previous
        for token in tokens {
            out += Self.printable(try decode(previous: prev, token: token))
            prev = token
        }
        return out
    }

    /// `sscanf(piece, "<0x%02hhX>", &byte) == 1`: the literal "<0x", then optional C-locale
    /// whitespace, then at most two characters of an optionally signed hex number (the sign
    /// counts toward the width), converted modulo 256; the trailing ">" is not required.
    /// glibc's acceptance of a "0x" prefix inside the two-character field is not emulated:
    /// such a piece reads as the single digit 0.
    static func scanBytePiece(_ piece: ArraySlice<UInt8>) -> UInt8? {
        guard piece.starts(with: [0x3C, 0x30, 0x78]) else { return nil }  // "<0x"
        var rest = piece.dropFirst(3)
        while let c = rest.first, c == 0x20 || (0x09...0x0D).contains(c) { rest = rest.dropFirst() }
        var width = 2
        var negative = false
        if let sign = rest.first, sign == 0x2B || sign == 0x2D {
            negative = sign == 0x2D
            rest = rest.dropFirst()
            width -= 1
        }
        var value = 0
        var digits = 0
        while digits < width, let c = rest.first, let digit = hexValue(c) {
            value = value * 16 + digit
            digits += 1
            rest = rest.dropFirst()
        }
        if digits == 0 { return nil }
        return UInt8(truncatingIfNeeded: negative ? -value : value)
    }

    private static func hexValue(_ c: UInt8) -> Int? {
        switch c {
        case 0x30...0x39: return Int(c - 0x30)
        case 0x41...0x46: return Int(c - 0x41 + 10)
        case 0x61...0x66: return Int(c - 0x61 + 10)
        default: return nil
        }
    }
}
