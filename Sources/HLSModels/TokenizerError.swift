/// Why a text could not be encoded or a token decoded with a given vocabulary.
public enum TokenizerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The vocabulary has no " " token for llama2.c's dummy prefix.
    case missingSpaceToken
    /// Byte fallback (`byte + 3`) or BOS/EOS named a token the vocabulary does not have.
    case tokenOutOfRange(token: Int, vocabSize: Int)

    public var description: String {
        switch self {
        case .missingSpaceToken:
            return "tokenizer: no \" \" token for the dummy prefix, expected one in the vocabulary"
        case let .tokenOutOfRange(token, vocabSize):
            return "tokenizer: token \(token) is outside the vocabulary, expected 0..<\(vocabSize)"
        }
    }
}
