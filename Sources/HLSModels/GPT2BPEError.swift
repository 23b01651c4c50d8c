import Foundation

/// Why a `gpt2.tiktoken` rank file could not be read. Every case renders as one line that
/// names the file (and the line, 1-based, where there is one) and what was expected.
public enum GPT2BPEFileError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// No file exists at the path.
    case missingFile(file: String)
    /// The file exists but could not be read (a directory, no permission, ...).
    case unreadable(file: String, reason: String)
    /// The line is not two fields separated by one space.
    case malformedLine(file: String, line: Int)
    /// The first field is not strict base64 (A–Z a–z 0–9 + /, padded to a multiple of 4).
    case invalidBase64(file: String, line: Int, field: String)
    /// The second field is not a decimal integer in 0...2147483647.
    case invalidRank(file: String, line: Int, field: String)
    /// The rank was already given to another token on `firstLine`.
    case duplicateRank(file: String, line: Int, rank: Int, firstLine: Int)
    /// The same bytes were already ranked on `firstLine`.
    case duplicateToken(file: String, line: Int, firstLine: Int)
    /// A single byte has no token, so some texts could not be encoded.
    case missingByte(file: String, byte: UInt8)

    public var description: String {
        switch self {
        case let .missingFile(file):
            return "\(file): no such file"
        case let .unreadable(file, reason):
            return "\(file): cannot be read: \(reason)"
        case let .malformedLine(file, line):
            return "\(file): line \(line): expected \"<base64 bytes> <rank>\" separated by one space"
        case let .invalidBase64(file, line, field):
            return "\(file): line \(line): invalid base64 \"\(Self.clip(field))\", expected the token's bytes in padded base64"
        case let .invalidRank(file, line, field):
            return "\(file): line \(line): invalid rank \"\(Self.clip(field))\", expected a decimal integer in 0...2147483647"
        case let .duplicateRank(file, line, rank, firstLine):
            return "\(file): line \(line): rank \(rank) already given on line \(firstLine), expected each rank once"
        case let .duplicateToken(file, line, firstLine):
            return "\(file): line \(line): these bytes are already ranked on line \(firstLine), expected each token once"
        case let .missingByte(file, byte):
            let hex = String(byte, radix: 16, uppercase: true)
            return "\(file): no token for the single byte 0x\(hex.count == 1 ? "0" + hex : hex), expected all 256 single-byte tokens"
        }
    }

    public var errorDescription: String? { description }

    /// A field as it may be quoted in a one-line message: printable ASCII only, at most 40
    /// characters.
    static func clip(_ field: String) -> String {
        var out = ""
        for scalar in field.unicodeScalars {
            if out.count >= 40 { return out + "..." }
            out += scalar.value >= 0x20 && scalar.value < 0x7F ? String(scalar) : "?"
        }
        return out
    }
}
