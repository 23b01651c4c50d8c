import Foundation

/// The mergeable ranks of a byte-level BPE vocabulary, read from a `.tiktoken` file
/// (openai-whisper's `gpt2.tiktoken`, tiktoken's own files): one token per line, the base64
/// of its bytes, one space, its rank (= its id). Lines may end in "\n" or "\r\n"; empty lines
/// are skipped (as tiktoken's loader does); line numbers in errors count every line from 1.
public enum GPT2BPERanks {
    /// Reads and checks `path`: strict base64, ranks in 0...2147483647, no rank or token
    /// twice, and all 256 single bytes ranked. Throws `GPT2BPEFileError`.
    public static func load(tiktokenFile path: String) throws -> [[UInt8]: Int] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw GPT2BPEFileError.missingFile(file: path)
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw GPT2BPEFileError.unreadable(file: path, reason: error.localizedDescription)
        }
        return try parse([UInt8](data), file: path)
    }

    /// Parses the contents of a `.tiktoken` file; `file` names it in errors.
    public static func parse(_ bytes: [UInt8], file: String) throws -> [[UInt8]: Int] {
        var ranks: [[UInt8]: Int] = [:]
        var tokenLine: [[UInt8]: Int] = [:]
        var rankLine: [Int: Int] = [:]
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            let next = end + 1
            if end > start, bytes[end - 1] == 0x0D { end -= 1 }
            defer { start = next }
            if end == start { continue }
            let line = bytes[start..<end]
            let spaces = line.indices.filter { line[$0] == 0x20 }
            guard spaces.count == 1, let space = spaces.first, space > start, space < end - 1 else {
                throw GPT2BPEFileError.malformedLine(file: file, line: lineNumber)
            }
            let field64 = line[start..<space]
            let fieldRank = line[(space + 1)..<end]
            guard let token = decodeBase64(field64) else {
                throw GPT2BPEFileError.invalidBase64(file: file, line: lineNumber, field: text(field64))
            }
            guard let rank = decimal(fieldRank) else {
                throw GPT2BPEFileError.invalidRank(file: file, line: lineNumber, field: text(fieldRank))
            }
            if let first = tokenLine[token] {
                throw GPT2BPEFileError.duplicateToken(file: file, line: lineNumber, firstLine: first)
            }
            if let first = rankLine[rank] {
                throw GPT2BPEFileError.duplicateRank(file: file, line: lineNumber, rank: rank, firstLine: first)
            }
            tokenLine[token] = lineNumber
            rankLine[rank] = lineNumber
            ranks[token] = rank
        }
        for byte in 0...255 where ranks[[UInt8(byte)]] == nil {
            throw GPT2BPEFileError.missingByte(file: file, byte: UInt8(byte))
        }
        return ranks
    }

    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// A decimal rank without sign or spaces, at most 2147483647; nil otherwise.
    static func decimal(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 10 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value <= Int(Int32.max) ? value : nil
    }

    /// Strict base64 (RFC 4648 alphabet, "=" padding to a multiple of 4 characters, no
    /// whitespace); nil when malformed. Written by hand so Linux and macOS agree exactly.
    static func decodeBase64(_ chars: ArraySlice<UInt8>) -> [UInt8]? {
        guard chars.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 4 * 3)
        var i = chars.startIndex
        while i < chars.endIndex {
            var quad: UInt32 = 0
            var padding = 0
            for k in 0..<4 {
                let c = chars[i + k]
                let v: UInt32
                switch c {
                case 0x41...0x5A: v = UInt32(c - 0x41)
                case 0x61...0x7A: v = UInt32(c - 0x61) + 26
                case 0x30...0x39: v = UInt32(c - 0x30) + 52
                case 0x2B: v = 62
                case 0x2F: v = 63
                case 0x3D:
                    // Padding only in the last quad's last one or two places.
                    guard i + 4 == chars.endIndex, k >= 2 else { return nil }
                    padding += 1
                    v = 0
                default: return nil
                }
                if padding > 0, c != 0x3D { return nil }
                quad = quad << 6 | v
            }
            let bytes = [UInt8(quad >> 16), UInt8((quad >> 8) & 0xFF), UInt8(quad & 0xFF)]
            // Non-canonical padding (leftover bits set) is rejected, as strict decoders do.
            if padding == 2, bytes[1] != 0 || bytes[2] != 0 { return nil }
            if padding == 1, bytes[2] != 0 { return nil }
            out.append(contentsOf: bytes[0..<(3 - padding)])
            i += 4
        }
        return out
    }
}
