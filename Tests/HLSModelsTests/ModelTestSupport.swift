import Foundation
import HLSModels
import XCTest

/// Shared fixtures: the real llama2.c files in ../shared/models (tests skip without them),
/// small configs, and a scratch directory per test.
enum ModelFixtures {
    static let modelsDirectory: URL = {
        if let custom = ProcessInfo.processInfo.environment["HLSGEN_MODELS_DIR"] {
            return URL(fileURLWithPath: custom)
        }
        // Tests/HLSModelsTests/<file> → package root → ../shared/models
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/models")
    }()

    /// The URL of a real model file, or an `XCTSkip` explaining that it is absent.
    static func realFile(_ name: String) throws -> URL {
        let url = modelsDirectory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip("\(url.path) is absent: real llama2.c model files are not available on this machine")
        }
        return url
    }

    /// A tiny grouped-query model: 2 layers, 4 heads over 2 KV heads, odd-ish sizes.
    static func tiny(shared: Bool) -> LlamaConfig {
        LlamaConfig(dim: 16, hiddenDim: 24, nLayers: 2, nHeads: 4, nKVHeads: 2, vocabSize: 11, seqLen: 7,
                    sharedClassifier: shared)
    }

    static func scratchDirectory(_ name: String = #function) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("hlsmodels-\(ProcessInfo.processInfo.processIdentifier)-\(name.filter(\.isLetter))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Asserts that `body` throws a `ModelFileError` equal to `expected` and that its message
/// is the one given (one line).
func assertModelError<T>(_ expected: ModelFileError, message: String, file: StaticString = #filePath, line: UInt = #line,
                         _ body: () throws -> T) {
    do {
        _ = try body()
        XCTFail("expected \(expected), got success", file: file, line: line)
    } catch let error as ModelFileError {
        XCTAssertEqual(error, expected, file: file, line: line)
        XCTAssertEqual(error.description, message, file: file, line: line)
        XCTAssertFalse(error.description.contains("\n"), file: file, line: line)
    } catch {
        XCTFail("expected ModelFileError, got \(error)", file: file, line: line)
    }
}

extension Data {
    mutating func setInt32(_ value: Int32, at offset: Int) {
        Swift.withUnsafeBytes(of: value.littleEndian) { bytes in
            for (i, byte) in bytes.enumerated() { self[startIndex + offset + i] = byte }
        }
    }
}
