import HLSIR
import Foundation
import HLSModels
import XCTest

/// Expectations on tok512 come from its vocabulary read by hand: " " is 410, " a" 261,
/// " Once" 403, " upon" 407, " time" 378, "x" 444, "y" 422, "€" 503, and byte tokens are
/// byte + 3.
final class Tok512Tests: XCTestCase {
    private func tok512() throws -> Tokenizer {
        try Tokenizer(contentsOf: try ModelFixtures.realFile("tok512.bin"), vocabSize: 512)
    }

    func testEncodeKnownStrings() throws {
        let t = try tok512()
        XCTAssertEqual(t.maxTokenLength, 7)
        XCTAssertEqual(try t.encode("", bos: true), [1])
        XCTAssertEqual(try t.encode("", bos: false), [])
        XCTAssertEqual(try t.encode("a", bos: true), [1, 261])
        XCTAssertEqual(try t.encode("a", bos: false, eos: true), [261, 2])
        XCTAssertEqual(try t.encode("Once upon a time", bos: true), [1, 403, 407, 261, 378])
        // "\n" is not a piece: byte fallback 0x0A + 3 = 13 ("<0x0A>").
        XCTAssertEqual(try t.encode("x\ny", bos: true), [1, 410, 444, 13, 422])
        // "€" (E2 82 AC) is piece 503, looked up as one code point; "中" (E4 B8 AD) is not a
        // piece: three byte tokens after the lone dummy-prefix space.
        XCTAssertEqual(try t.encode("€", bos: false), [410, 503])
        XCTAssertEqual(try t.encode("中", bos: false), [410, 0xE4 + 3, 0xB8 + 3, 0xAD + 3])
        // Like C, the text ends at its first NUL.
        XCTAssertEqual(try t.encode(bytes: [0x61, 0, 0x62], bos: false), [261])
    }

    func testDecodeFollowsLlama2c() throws {
        let t = try tok512()
        XCTAssertEqual(try t.decode(previous: 1, token: 261), Array("a".utf8))  // leading space dropped after BOS
        XCTAssertEqual(try t.decode(previous: 403, token: 261), Array(" a".utf8))
        XCTAssertEqual(try t.decode(previous: 1, token: 13), [0x0A])
        XCTAssertEqual(try t.decode(previous: 1, token: 0xE2 + 3), [0xE2])
        XCTAssertEqual(try t.decode(previous: 1, token: 3), [])  // <0x00> is an empty C string
        XCTAssertEqual(Tokenizer.printable([0x01]), [])
        XCTAssertEqual(Tokenizer.printable([0xE2]), [])
        XCTAssertEqual(Tokenizer.printable([0x0A]), [0x0A])
        XCTAssertEqual(Tokenizer.printable(Array(" a".utf8)), Array(" a".utf8))
        XCTAssertThrowsError(try t.decode(previous: 1, token: 512))
    }

    /// The first line of stories260K.greedy.txt encodes (with BOS) and decodes back to itself.
    func testGreedyStoryLineRoundTrips() throws {
        let t = try tok512()
        let story = try String(contentsOf: try ModelFixtures.realFile("stories260K.greedy.txt"), encoding: .utf8)
        let line = String(story.split(separator: "\n", omittingEmptySubsequences: false)[0])
        XCTAssertTrue(line.hasPrefix("Once upon a time"))
        let tokens = try t.encode(line, bos: true)
        XCTAssertEqual(tokens.first, 1)
        XCTAssertEqual(Array(tokens.prefix(5)), [1, 403, 407, 261, 378])
        XCTAssertLessThan(tokens.count, line.utf8.count / 2)  // merges happened
        XCTAssertEqual(String(decoding: try t.text(of: Array(tokens.dropFirst())), as: UTF8.self), line)
    }
}

final class TokenizerTests: XCTestCase {
    func testSyntheticTokenizerRoundTripsThroughItsFile() throws {
        let t = try SyntheticTokenizer.make(vocabSize: 600, seed: 11)
        XCTAssertEqual(t.vocabSize, 600)
        XCTAssertEqual(t.pieces[3], Array("<0x00>".utf8))
        XCTAssertEqual(t.pieces[258], Array("<0xFF>".utf8))
        let url = try ModelFixtures.scratchDirectory().appendingPathComponent("tok.bin")
        try t.write(to: url)
        XCTAssertEqual(try Tokenizer(contentsOf: url, vocabSize: 600), t)
        XCTAssertEqual(try Tokenizer(data: t.serialized(), file: "t", vocabSize: nil).vocabSize, 600)
    }

    func testEncodeDecodeRoundTripsRandomText() throws {
        let t = try SyntheticTokenizer.make(vocabSize: 700, seed: 12)
        var rng = SeededRandom(seed: 99)
        let alphabet = Array("abcde fgh.,\n\t€é中😀XYZ".unicodeScalars)
        for _ in 0..<200 {
            let length = Int(rng.next() % 20) + 1
            let text = String(String.UnicodeScalarView((0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }))
            let tokens = try t.encode(text, bos: true)
            XCTAssertEqual(tokens.first, 1)
            var bytes: [UInt8] = []
            var previous = 1
            for token in tokens.dropFirst() {
                bytes += try t.decode(previous: previous, token: token)
                previous = token
            }
            XCTAssertEqual(bytes, Array(text.utf8), text)
        }
    }

    func testMergesPickTheBestScoringPairFirst() throws {
        // Pieces: 0-2 specials, 3 " ", 4 "a", 5 "b", 6 "ab" (score -5), 7 "ba" (score -1), 8 " a" (score -9).
        let pieces = ["<unk>", "<s>", "</s>", " ", "a", "b", "ab", "ba", " a"].map { Array($0.utf8) }
        let t = try Tokenizer(pieces: pieces, scores: [0, 0, 0, 0, 0, 0, -5, -1, -9], maxTokenLength: 5)
        // " aba": pairs " a"(-9), "ab"(-5), "ba"(-1) → "ba" first → [" ", "a", "ba"]; then " a"(-9) → [" a", "ba"].
        XCTAssertEqual(try t.encode("aba", bos: false), [8, 7])
        // Without " ", the dummy prefix cannot be encoded; byte fallback past the vocabulary is an error.
        let noSpace = try Tokenizer(pieces: Array(pieces.prefix(3)) + [Array("a".utf8)], scores: [0, 0, 0, 0], maxTokenLength: 5)
        XCTAssertThrowsError(try noSpace.encode("a", bos: false)) {
            XCTAssertEqual($0 as? TokenizerError, .missingSpaceToken)
            XCTAssertEqual("\($0)", "tokenizer: no \" \" token for the dummy prefix, expected one in the vocabulary")
        }
        XCTAssertEqual(try noSpace.encode("", bos: true), [1])  // no dummy prefix for empty text
        XCTAssertThrowsError(try t.encode("z", bos: false)) {
            XCTAssertEqual($0 as? TokenizerError, .tokenOutOfRange(token: 0x7A + 3, vocabSize: 9))
            XCTAssertEqual("\($0)", "tokenizer: token 125 is outside the vocabulary, expected 0..<9")
        }
    }

    func testBytePiecesParseLikeSscanf() throws {
        let raw = ["<0x41>", "<0x4>", "<0x41", "<0x-1>", "<0x 42>", "<0xZZ>", "<0X41>", "<0x4142>", "<0x+7>"]
        let t = try Tokenizer(pieces: raw.map { Array($0.utf8) }, scores: raw.map { _ in 0 }, maxTokenLength: 8)
        let decoded = try (0..<raw.count).map { try t.decode(previous: 0, token: $0) }
        XCTAssertEqual(decoded, [[0x41], [0x04], [0x41], [0xFF], [0x42], Array("<0xZZ>".utf8), Array("<0X41>".utf8), [0x41], [0x07]])
    }

    func testLoaderErrors() throws {
        let t = try SyntheticTokenizer.make(vocabSize: 300, seed: 1)
        let data = t.serialized()
        assertModelError(.vocabularyMismatch(file: "tok.bin", tokenizerSize: 300, modelSize: 512),
                         message: "tok.bin: tokenizer has 300 tokens, expected 512 (the model's vocab_size)") {
            try Tokenizer(data: data, file: "tok.bin", vocabSize: 512)
        }
        let small = try Tokenizer(pieces: ["<unk>", "<s>", "</s>", "hello!"].map { Array($0.utf8) },
                                  scores: [0, 0, 0, -1], maxTokenLength: 6).serialized()
        XCTAssertEqual(small.count, 4 + 4 * 8 + 5 + 3 + 4 + 6)
        assertModelError(.truncated(file: "tok.bin", what: "token 3 bytes", needed: 6, available: 2),
                         message: "tok.bin: truncated: token 3 bytes needs 6 bytes but only 2 remain") {
            try Tokenizer(data: small.prefix(small.count - 4), file: "tok.bin", vocabSize: 4)
        }
        assertModelError(.truncated(file: "tok.bin", what: "token 3 length", needed: 4, available: 1),
                         message: "tok.bin: truncated: token 3 length needs 4 bytes but only 1 remain") {
            try Tokenizer(data: small.prefix(small.count - 6 - 3), file: "tok.bin", vocabSize: 4)
        }
        assertModelError(.truncated(file: "tok.bin", what: "max_token_length", needed: 4, available: 1),
                         message: "tok.bin: truncated: max_token_length needs 4 bytes but only 1 remain") {
            try Tokenizer(data: Data([7]), file: "tok.bin", vocabSize: 300)
        }
        var bad = data
        bad.setInt32(-4, at: 8)  // token 0's length
        assertModelError(.invalidToken(file: "tok.bin", index: 0, reason: "length is -4, expected 0 or more"),
                         message: "tok.bin: token 0: length is -4, expected 0 or more") {
            try Tokenizer(data: bad, file: "tok.bin", vocabSize: 300)
        }
        bad = data
        bad.setInt32(3, at: 0)  // max_token_length below "<unk>"'s 5 bytes
        assertModelError(.invalidToken(file: "tok.bin", index: 0, reason: "is 5 bytes long, longer than max_token_length 3"),
                         message: "tok.bin: token 0: is 5 bytes long, longer than max_token_length 3") {
            try Tokenizer(data: bad, file: "tok.bin", vocabSize: 300)
        }
        bad.setInt32(-1, at: 0)
        assertModelError(.invalidHeader(file: "tok.bin", reason: "max_token_length is -1, expected 0 or more"),
                         message: "tok.bin: invalid header: max_token_length is -1, expected 0 or more") {
            try Tokenizer(data: bad, file: "tok.bin", vocabSize: 300)
        }
        let missing = URL(fileURLWithPath: "/nonexistent/tok.bin")
        assertModelError(.missingFile(file: "/nonexistent/tok.bin"), message: "/nonexistent/tok.bin: no such file") {
            try Tokenizer(contentsOf: missing, vocabSize: 300)
        }
        XCTAssertThrowsError(try SyntheticTokenizer.make(vocabSize: 100, seed: 1))
    }
}
