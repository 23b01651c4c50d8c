import Foundation

/// A llama2.c checkpoint in either supported format.
public enum Checkpoint: Sendable, Equatable {
    /// Float "version 0" (run.c).
    case float(FloatCheckpoint)
    /// Q8_0 "version 2" (runq.c).
    case q8(Q8Checkpoint)
    /// Q4, quantized in memory from a float checkpoint (no file holds this case).
    case q4(Q4Checkpoint)

    public var config: LlamaConfig {
        switch self {
        case let .float(checkpoint): return checkpoint.config
        case let .q8(checkpoint): return checkpoint.config
        case let .q4(checkpoint): return checkpoint.config
        }
    }

    /// Reads either format, telling them apart by the version-2 magic number (a version-0
    /// file starts with `dim`, which cannot plausibly equal 0x616b3432 = 1,634,415,666).
    /// A file starting with the magic but another version gets `unsupportedVersion`.
    public init(contentsOf url: URL) throws {
        try self.init(data: try ModelFileData.read(url), file: url.path)
    }

    /// Parses either format from bytes; `file` names the source in error messages.
    public init(data: Data, file: String) throws {
        var reader = ByteReader(data, file: file)
        if reader.count >= 4, try reader.uint32("magic") == Q8Checkpoint.magic {
            self = .q8(try Q8Checkpoint(data: data, file: file))
        } else {
            self = .float(try FloatCheckpoint(data: data, file: file))
        }
    }
}
