import Foundation
import HLSModels
import XCTest

/// Every checkpoint-loading error, with its one-line message.
final class CheckpointErrorTests: XCTestCase {
    private func floatFile(shared: Bool = true) throws -> Data {
        try RandomModel.floatCheckpoint(config: ModelFixtures.tiny(shared: shared), seed: 1).serialized()
    }

    private func q8File() throws -> Data {
        try RandomModel.q8Checkpoint(config: ModelFixtures.tiny(shared: true), seed: 1).serialized()
    }

    func testMissingAndUnreadableFiles() throws {
        let missing = URL(fileURLWithPath: "/nonexistent/model.bin")
        assertModelError(.missingFile(file: missing.path), message: "/nonexistent/model.bin: no such file") {
            try FloatCheckpoint(contentsOf: missing)
        }
        assertModelError(.missingFile(file: missing.path), message: "/nonexistent/model.bin: no such file") {
            try Q8Checkpoint(contentsOf: missing)
        }
        assertModelError(.missingFile(file: missing.path), message: "/nonexistent/model.bin: no such file") {
            try Checkpoint(contentsOf: missing)
        }
        let directory = try ModelFixtures.scratchDirectory()
        XCTAssertThrowsError(try FloatCheckpoint(contentsOf: directory)) { error in
            guard case .unreadable(let file, _)? = error as? ModelFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, directory.path)
            XCTAssertTrue("\(error)".hasPrefix("\(directory.path): cannot be read: "))
        }
    }

    func testFloatTruncatedAndLengthMismatch() throws {
        let data = try floatFile()
        assertModelError(.truncated(file: "m.bin", what: "the 7-int32 header", needed: 28, available: 10),
                         message: "m.bin: truncated: the 7-int32 header needs 28 bytes but only 10 remain") {
            try FloatCheckpoint(data: data.prefix(10), file: "m.bin")
        }
        assertModelError(.lengthMismatch(file: "m.bin", expected: data.count, actual: data.count - 1),
                         message: "m.bin: file is \(data.count - 1) bytes but its header describes \(data.count) bytes") {
            try FloatCheckpoint(data: data.prefix(data.count - 1), file: "m.bin")
        }
        assertModelError(.lengthMismatch(file: "m.bin", expected: data.count, actual: data.count + 4),
                         message: "m.bin: file is \(data.count + 4) bytes but its header describes \(data.count) bytes") {
            try FloatCheckpoint(data: data + Data(count: 4), file: "m.bin")
        }
        assertModelError(.truncated(file: "m.bin", what: "the magic number", needed: 4, available: 0),
                         message: "m.bin: truncated: the magic number needs 4 bytes but only 0 remain") {
            try Q8Checkpoint(data: Data(), file: "m.bin")
        }
    }

    func testFloatImpossibleHeaders() throws {
        let data = try floatFile()
        let cases: [(offset: Int, value: Int32, error: ModelFileError, message: String)] = [
            (0, 0, .invalidHeader(file: "m.bin", reason: "dim is 0, expected a positive size"),
             "m.bin: invalid header: dim is 0, expected a positive size"),
            (4, -24, .invalidHeader(file: "m.bin", reason: "hidden_dim is -24, expected a positive size"),
             "m.bin: invalid header: hidden_dim is -24, expected a positive size"),
            (20, 0, .invalidHeader(file: "m.bin", reason: "vocab_size is 0, expected a positive size"),
             "m.bin: invalid header: vocab_size is 0, expected a positive size"),
            (12, 3, .invalidHeader(file: "m.bin", reason: "dim 16 is not divisible by n_heads 3"),
             "m.bin: invalid header: dim 16 is not divisible by n_heads 3"),
            (16, 3, .invalidHeader(file: "m.bin", reason: "n_heads 4 is not divisible by n_kv_heads 3"),
             "m.bin: invalid header: n_heads 4 is not divisible by n_kv_heads 3"),
            (0, Int32.max, .invalidHeader(file: "m.bin", reason: "dim 2147483647 is not divisible by n_heads 4"),
             "m.bin: invalid header: dim 2147483647 is not divisible by n_heads 4"),
        ]
        for c in cases {
            var bad = data
            bad.setInt32(c.value, at: c.offset)
            assertModelError(c.error, message: c.message) { try FloatCheckpoint(data: bad, file: "m.bin") }
        }
        // Huge but consistent sizes: the byte total overflows Int.
        var huge = data
        for (offset, value) in [(0, Int32(1 << 30)), (4, Int32(1 << 30)), (8, Int32(1 << 30)), (12, 1), (16, 1)] {
            huge.setInt32(value, at: offset)
        }
        assertModelError(.sizeOverflow(file: "m.bin"), message: "m.bin: invalid header: the sizes overflow a 64-bit byte count") {
            try FloatCheckpoint(data: huge, file: "m.bin")
        }
        // Large sizes that fit Int disagree with the file length (and allocate nothing).
        var large = data
        large.setInt32(1 << 20, at: 0)
        large.setInt32(1 << 20, at: 4)
        XCTAssertThrowsError(try FloatCheckpoint(data: large, file: "m.bin")) {
            guard case .lengthMismatch(_, _, let actual)? = $0 as? ModelFileError else { return XCTFail("\($0)") }
            XCTAssertEqual(actual, data.count)
        }
    }

    func testFloatReaderRejectsAQ8File() throws {
        assertModelError(.notVersion0(file: "q.bin"),
                         message: "q.bin: starts with the version-2 magic 0x616b3432, expected a float version-0 checkpoint (7 int32 header)") {
            try FloatCheckpoint(data: try q8File(), file: "q.bin")
        }
    }

    func testQ8MagicVersionAndHeader() throws {
        let data = try q8File()
        var bad = data
        bad.setInt32(0x1234, at: 0)
        assertModelError(.wrongMagic(file: "q.bin", found: 0x1234),
                         message: "q.bin: wrong magic 0x1234, expected 0x616b3432 (llama2.c Q8_0 version-2 checkpoint)") {
            try Q8Checkpoint(data: bad, file: "q.bin")
        }
        bad = data
        bad.setInt32(1, at: 4)
        assertModelError(.unsupportedVersion(file: "q.bin", found: 1),
                         message: "q.bin: unsupported checkpoint version 1, expected 2 (llama2.c Q8_0)") {
            try Q8Checkpoint(data: bad, file: "q.bin")
        }
        assertModelError(.unsupportedVersion(file: "q.bin", found: 1),
                         message: "q.bin: unsupported checkpoint version 1, expected 2 (llama2.c Q8_0)") {
            try Checkpoint(data: bad, file: "q.bin")
        }
        assertModelError(.truncated(file: "q.bin", what: "the 256-byte header", needed: 256, available: 100),
                         message: "q.bin: truncated: the 256-byte header needs 256 bytes but only 100 remain") {
            try Q8Checkpoint(data: data.prefix(100), file: "q.bin")
        }
        bad = data
        bad[36] = 7
        assertModelError(.invalidHeader(file: "q.bin", reason: "shared_classifier byte is 7, expected 0 or 1"),
                         message: "q.bin: invalid header: shared_classifier byte is 7, expected 0 or 1") {
            try Q8Checkpoint(data: bad, file: "q.bin")
        }
        bad = data
        bad.setInt32(-11, at: 28)  // vocab_size: version 2 stores it positive
        assertModelError(.invalidHeader(file: "q.bin", reason: "vocab_size is -11, expected a positive size"),
                         message: "q.bin: invalid header: vocab_size is -11, expected a positive size") {
            try Q8Checkpoint(data: bad, file: "q.bin")
        }
        assertModelError(.lengthMismatch(file: "q.bin", expected: data.count, actual: data.count - 3),
                         message: "q.bin: file is \(data.count - 3) bytes but its header describes \(data.count) bytes") {
            try Q8Checkpoint(data: data.prefix(data.count - 3), file: "q.bin")
        }
    }

    func testQ8GroupSizeMustDivide() throws {
        let data = try q8File()
        for (value, reason) in [(Int32(0), "is not positive"), (-8, "is not positive"), (32, "does not divide dim 16"),
                                (16, "does not divide hidden_dim 24")] {
            var bad = data
            bad.setInt32(value, at: 37)
            assertModelError(.invalidGroupSize(file: "q.bin", groupSize: Int(value), reason: reason),
                             message: "q.bin: group size \(value) \(reason)") {
                try Q8Checkpoint(data: bad, file: "q.bin")
            }
        }
        // A smaller group size that divides: the header is valid but describes another length.
        var smaller = data
        smaller.setInt32(4, at: 37)
        XCTAssertThrowsError(try Q8Checkpoint(data: smaller, file: "q.bin")) {
            guard case .lengthMismatch? = $0 as? ModelFileError else { return XCTFail("\($0)") }
        }
    }
}
