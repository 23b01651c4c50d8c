import Foundation
import HLSModels
import HLSIR
import XCTest

/// BPE on a tiny hand-made rank table (always runs), the `.tiktoken` reader's errors, and
/// the real gpt2.tiktoken from ../shared/models (skipped when absent) against ids recorded
/// from tiktoken's `encode_ordinary` (GPT2BPETiktokenCases).
final class GPT2BPEEncoderTests: XCTestCase {
    /// Every byte at its own value, then a few merges.
    static let tinyRanks: [[UInt8]: Int] = {
        var ranks: [[UInt8]: Int] = [:]
        for b in 0...255 { ranks[[UInt8(b)]] = b }
        for (text, rank) in [("bc", 260), ("aa", 270), (" a", 280), ("ab", 300), ("abc", 301), ("xyz", 400)] {
            ranks[Array(text.utf8)] = rank
        }
        return ranks
    }()

    func testTinyTableMerges() {
        let enc = GPT2BPEEncoder(ranks: Self.tinyRanks)
        // bc (260) before ab (300); then a+bc = abc (301); abc+d is no token.
        XCTAssertEqual(enc.encode("abcd"), [301, 100])
        // Ties go to the leftmost pair: aa|a, not a|aa.
        XCTAssertEqual(enc.encode("aaa"), [270, 97])
        XCTAssertEqual(enc.encode("aaaa"), [270, 270])
        // A piece that is a token is that token, even when no merge path leads to it (tiktoken).
        XCTAssertEqual(enc.encode("xyz"), [400])
        XCTAssertEqual(enc.encode("xyzw"), [120, 121, 122, 119])
        // Merges stay inside a piece: "ab" and " ab" (" a" wins over "ab").
        XCTAssertEqual(enc.encode("ab ab"), [300, 280, 98])
        XCTAssertEqual(enc.encode(""), [])
        // Non-ASCII text falls back to its UTF-8 bytes.
        XCTAssertEqual(enc.encode("é"), [0xC3, 0xA9])
        XCTAssertEqual(enc.decode([301, 280, 0xC3, 0xA9]), Array("abc aé".utf8))
        XCTAssertEqual(enc.count, 262)
        XCTAssertEqual(enc.rank(of: Array("abc".utf8)), 301)
        XCTAssertNil(enc.rank(of: Array("abcd".utf8)))
        XCTAssertEqual(enc.bytes(of: 400), Array("xyz".utf8))
        XCTAssertNil(enc.bytes(of: 50256))
    }

    /// "<|endoftext|>" is ordinary text, as in tiktoken's encode_ordinary.
    func testEndOfTextIsOrdinaryText() {
        let enc = GPT2BPEEncoder(ranks: Self.tinyRanks)
        XCTAssertEqual(enc.encode("<|endoftext|>"), Array("<|endoftext|>".utf8).map(Int.init))
    }

    /// A table without some bytes never traps: those bytes are left out; unknown ids in
    /// decode are skipped.
    func testIncompleteTableDoesNotTrap() {
        let enc = GPT2BPEEncoder(ranks: [Array("a".utf8): 0, Array("b".utf8): 1, Array("ab".utf8): 2, []: 9])
        XCTAssertEqual(enc.encode("a☃b ab"), [0, 1, 2])
        XCTAssertEqual(enc.decode([2, -1, 99, 0]), Array("aba".utf8))
        XCTAssertEqual(enc.count, 3)
    }

    /// Long pieces (merged by a heap) agree with a direct reading of the definition.
    func testLongPiecesMatchReferenceMerge() {
        let enc = GPT2BPEEncoder(ranks: Self.tinyRanks)
        var rng = SeededRandom(seed: 101)
        for length in [1, 2, 3, 63, 64, 65, 66, 100, 300] {
            for _ in 0..<5 {
                let word = String((0..<length).map { _ in "abcxyz".randomElement(using: &rng)! })
                XCTAssertEqual(enc.encode(word), Self.referenceMerge(Array(word.utf8), Self.tinyRanks), word)
            }
        }
        XCTAssertEqual(enc.encode(String(repeating: "a", count: 301)), Array(repeating: 270, count: 150) + [97])
    }

    /// Encode → decode gives back the UTF-8 bytes of random valid text.
    func testRoundTripRandomText() throws {
        var encoders = [GPT2BPEEncoder(ranks: Self.tinyRanks)]
        if let url = try? ModelFixtures.realFile("gpt2.tiktoken") { encoders.append(try GPT2BPEEncoder(tiktokenFile: url.path)) }
        var rng = SeededRandom(seed: 102)
        for enc in encoders {
            for _ in 0..<300 {
                let text = Self.randomText(using: &rng)
                XCTAssertEqual(enc.decode(enc.encode(text)), Array(text.utf8), text.debugDescription)
            }
        }
    }

    // MARK: the real gpt2.tiktoken

    private func realEncoder() throws -> GPT2BPEEncoder {
        try GPT2BPEEncoder(tiktokenFile: try ModelFixtures.realFile("gpt2.tiktoken").path)
    }

    func testRealRanksKnownStrings() throws {
        let enc = try realEncoder()
        XCTAssertEqual(enc.count, 50256)
        XCTAssertEqual(enc.encode("Hello world"), [15496, 995])
        XCTAssertEqual(enc.encode("Once upon a time, there was a little girl named Lily."),
                       [7454, 2402, 257, 640, 11, 612, 373, 257, 1310, 2576, 3706, 20037, 13])
        XCTAssertEqual(enc.decode([15496, 995]), Array("Hello world".utf8))
    }

    func testRealRanksMatchTiktoken() throws {
        let enc = try realEncoder()
        for (text, ids) in GPT2BPETiktokenCases.cases {
            XCTAssertEqual(enc.encode(text), ids, text.debugDescription)
            XCTAssertEqual(enc.decode(ids), Array(text.utf8), text.debugDescription)
        }
    }

    func testRealRanksLongPiecesMatchReferenceMerge() throws {
        let enc = try realEncoder()
        let ranks = try GPT2BPERanks.load(tiktokenFile: try ModelFixtures.realFile("gpt2.tiktoken").path)
        var rng = SeededRandom(seed: 103)
        for length in [10, 64, 65, 200] {
            for _ in 0..<5 {
                let word = String((0..<length).map { _ in "etaoinshrdlucmfwyp".randomElement(using: &rng)! })
                XCTAssertEqual(enc.encode(word), Self.referenceMerge(Array(word.utf8), ranks), word)
            }
        }
    }

    // MARK: .tiktoken errors

    private func write(_ text: String, _ name: String = #function) throws -> String {
        let url = try ModelFixtures.scratchDirectory(name).appendingPathComponent("ranks.tiktoken")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// The 256 single bytes, one per line, ranks 0...255 (as in gpt2.tiktoken's first lines).
    private static let byteLines: String = (0...255).map { "\(Data([UInt8($0)]).base64EncodedString()) \($0)\n" }.joined()

    private func assertFileError(_ contents: String, _ expected: (String) -> GPT2BPEFileError, _ message: (String) -> String,
                                 name: String = #function, file: StaticString = #filePath, line: UInt = #line) throws {
        let path = try write(contents, name)
        do {
            _ = try GPT2BPEEncoder(tiktokenFile: path)
            XCTFail("expected an error", file: file, line: line)
        } catch let error as GPT2BPEFileError {
            XCTAssertEqual(error, expected(path), file: file, line: line)
            XCTAssertEqual(error.description, message(path), file: file, line: line)
            XCTAssertFalse(error.description.contains("\n"), file: file, line: line)
        }
    }

    func testValidFileWithCRLFAndBlankLines() throws {
        let path = try write(Self.byteLines.replacingOccurrences(of: "\n", with: "\r\n") + "\nYWI= 256\n\n")
        let enc = try GPT2BPEEncoder(tiktokenFile: path)
        XCTAssertEqual(enc.encode("abc"), [256, 99])
    }

    func testMissingFile() {
        let path = "/nonexistent/gpt2.tiktoken"
        XCTAssertThrowsError(try GPT2BPEEncoder(tiktokenFile: path)) { error in
            XCTAssertEqual(error as? GPT2BPEFileError, .missingFile(file: path))
            XCTAssertEqual("\(error)", "/nonexistent/gpt2.tiktoken: no such file")
        }
    }

    func testMalformedLines() throws {
        for bad in ["YWI=256", "YWI=  256", "YWI= 256 7", " 256", "YWI= "] {
            try assertFileError(Self.byteLines + bad + "\n", { .malformedLine(file: $0, line: 257) },
                                { "\($0): line 257: expected \"<base64 bytes> <rank>\" separated by one space" })
        }
    }

    func testBadBase64() throws {
        for bad in ["YWI", "Y*I=", "YW=I", "YWJ=", "=WI=", "YQ=x"] {
            try assertFileError(Self.byteLines + bad + " 256\n", { .invalidBase64(file: $0, line: 257, field: bad) },
                                { "\($0): line 257: invalid base64 \"\(bad)\", expected the token's bytes in padded base64" })
        }
    }

    func testBadRank() throws {
        for bad in ["-1", "+3", "12a", "2147483648", "99999999999", "0x10"] {
            try assertFileError("YWI= \(bad)\n", { .invalidRank(file: $0, line: 1, field: bad) },
                                { "\($0): line 1: invalid rank \"\(bad)\", expected a decimal integer in 0...2147483647" })
        }
    }

    func testDuplicates() throws {
        try assertFileError(Self.byteLines + "YWI= 256\nYmM= 256\n", { .duplicateRank(file: $0, line: 258, rank: 256, firstLine: 257) },
                            { "\($0): line 258: rank 256 already given on line 257, expected each rank once" })
        try assertFileError(Self.byteLines + "YWI= 256\nYWI= 257\n", { .duplicateToken(file: $0, line: 258, firstLine: 257) },
                            { "\($0): line 258: these bytes are already ranked on line 257, expected each token once" })
    }

    func testMissingSingleByte() throws {
        let withoutFF = Self.byteLines.split(separator: "\n").dropLast().joined(separator: "\n") + "\n"
        try assertFileError(withoutFF, { .missingByte(file: $0, byte: 0xFF) },
                            { "\($0): no token for the single byte 0xFF, expected all 256 single-byte tokens" })
        try assertFileError("", { .missingByte(file: $0, byte: 0) },
                            { "\($0): no token for the single byte 0x00, expected all 256 single-byte tokens" })
    }

    // MARK: helpers

    /// BPE read straight from its definition: whole piece if it is a token, else merge the
    /// lowest-ranked adjacent pair (leftmost on ties) until none is a token.
    static func referenceMerge(_ piece: [UInt8], _ ranks: [[UInt8]: Int]) -> [Int] {
        if let rank = ranks[piece] { return [rank] }
        var parts = piece.map { [$0] }
        while parts.count > 1 {
            var best: (rank: Int, index: Int)?
            for k in 0..<(parts.count - 1) {
                if let rank = ranks[parts[k] + parts[k + 1]], best == nil || rank < best!.rank { best = (rank, k) }
            }
            guard let (_, k) = best else { break }
            parts[k] += parts.remove(at: k + 1)
        }
        return parts.map { ranks[$0]! }
    }

    /// Up to 40 scalars drawn from ASCII, Latin, CJK, emoji, whitespace and marks.
    static func randomText(using rng: inout SeededRandom) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...40, using: &rng) {
            let value: UInt32
            switch Int.random(in: 0..<6, using: &rng) {
            case 0, 1: value = UInt32.random(in: 0x00...0x7F, using: &rng)
            case 2: value = UInt32.random(in: 0x80...0x7FF, using: &rng)
            case 3: value = UInt32.random(in: 0x800...0xD7FF, using: &rng)
            case 4: value = UInt32.random(in: 0xE000...0xFFFF, using: &rng)
            default: value = UInt32.random(in: 0x10000...0x10FFFF, using: &rng)
            }
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
    }
}
