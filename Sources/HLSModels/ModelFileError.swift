import Foundation

/// Why a llama2.c model file (checkpoint or tokenizer) could not be read, written or
/// converted. Every case renders as one line that names the file and what was expected.
public enum ModelFileError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// No file exists at the path.
    case missingFile(file: String)
    /// The file exists but could not be read (a directory, no permission, ...).
    case unreadable(file: String, reason: String)
    /// The file ends before `what` is complete.
    case truncated(file: String, what: String, needed: Int, available: Int)
    /// A Q8_0 file does not start with llama2.c's magic number 0x616b3432.
    case wrongMagic(file: String, found: UInt32)
    /// A Q8_0 file carries a version other than 2.
    case unsupportedVersion(file: String, found: Int32)
    /// A float "version 0" reader was given a file that starts with the version-2 magic.
    case notVersion0(file: String)
    /// A header field is impossible (zero or negative size, indivisible head counts, ...).
    case invalidHeader(file: String, reason: String)
    /// The sizes in the header describe more bytes than `Int` can count.
    case sizeOverflow(file: String)
    /// The header describes `expected` bytes but the file has `actual`.
    case lengthMismatch(file: String, expected: Int, actual: Int)
    /// The Q8_0 group size is not positive or does not divide a grouped dimension.
    case invalidGroupSize(file: String, groupSize: Int, reason: String)
    /// The tokenizer holds a different number of tokens than the model's vocab_size.
    case vocabularyMismatch(file: String, tokenizerSize: Int, modelSize: Int)
    /// A tokenizer entry is impossible (negative length, longer than max_token_length).
    case invalidToken(file: String, index: Int, reason: String)
    /// In-memory weights do not have the element count the config requires (writers).
    case inconsistentWeights(tensor: String, expected: Int, actual: Int)
    /// The quantizer met a NaN or infinite weight, which has no Q8_0 representation.
    case nonFiniteWeight(tensor: String, index: Int)

    public var description: String {
        switch self {
        case let .missingFile(file):
            return "\(file): no such file"
        case let .unreadable(file, reason):
            return "\(file): cannot be read: \(reason)"
        case let .truncated(file, what, needed, available):
            return "\(file): truncated: \(what) needs \(needed) bytes but only \(available) remain"
        case let .wrongMagic(file, found):
            return "\(file): wrong magic 0x\(String(found, radix: 16)), expected 0x616b3432 (llama2.c Q8_0 version-2 checkpoint)"
        case let .unsupportedVersion(file, found):
            return "\(file): unsupported checkpoint version \(found), expected 2 (llama2.c Q8_0)"
        case let .notVersion0(file):
            return "\(file): starts with the version-2 magic 0x616b3432, expected a float version-0 checkpoint (7 int32 header)"
        case let .invalidHeader(file, reason):
            return "\(file): invalid header: \(reason)"
        case let .sizeOverflow(file):
            return "\(file): invalid header: the sizes overflow a 64-bit byte count"
        case let .lengthMismatch(file, expected, actual):
            return "\(file): file is \(actual) bytes but its header describes \(expected) bytes"
        case let .invalidGroupSize(file, groupSize, reason):
            return "\(file): group size \(groupSize) \(reason)"
        case let .vocabularyMismatch(file, tokenizerSize, modelSize):
            return "\(file): tokenizer has \(tokenizerSize) tokens, expected \(modelSize) (the model's vocab_size)"
        case let .invalidToken(file, index, reason):
            return "\(file): token \(index): \(reason)"
        case let .inconsistentWeights(tensor, expected, actual):
            return "weights: \(tensor) has \(actual) elements, expected \(expected) for this config"
        case let .nonFiniteWeight(tensor, index):
            return "weights: \(tensor)[\(index)] is not finite, expected a finite value to quantize"
        }
    }

    public var errorDescription: String? { description }
}
