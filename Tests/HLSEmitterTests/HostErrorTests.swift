import Foundation
import HLSEmitter
import HLSIR
import HLSModels
import XCTest

/// Every way a user can misuse the generated host (C-simulation build) ends with exactly one
/// line on stderr naming the file or option, nothing on stdout and exit status 1.
final class HostErrorTests: XCTestCase {
    private static let config = HostTestSupport.smallConfig

    private func host() throws -> HostTestSupport.Host {
        let design = try HostTestSupport.design(HostTestSupport.shape(Self.config), groupSize: 8)
        let host = try HostTestSupport.csimHost(design, key: "errors-q8")
        let folder = host.folder
        try RandomModel.floatCheckpoint(config: Self.config, seed: 1).write(to: folder.appendingPathComponent("model.bin"))
        try RandomModel.q8Checkpoint(config: Self.config, seed: 1, groupSize: 8).write(to: folder.appendingPathComponent("model_q80.bin"))
        try SyntheticTokenizer.make(vocabSize: Self.config.vocabSize, seed: 2).write(to: folder.appendingPathComponent("tok.bin"))
        return host
    }

    private func write(_ bytes: [UInt8], _ name: String, in host: HostTestSupport.Host) throws {
        try Data(bytes).write(to: host.folder.appendingPathComponent(name))
    }

    private func bytes(_ name: String, in host: HostTestSupport.Host) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: host.folder.appendingPathComponent(name)))
    }

    /// Runs the host and checks the failure: exit 1, empty stdout, one stderr line containing every fragment.
    private func expectFailure(_ host: HostTestSupport.Host, _ args: [String], _ fragments: [String],
                               file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try host.run(args)
        XCTAssertEqual(r.status, 1, "\(args): \(r.stderr)", file: file, line: line)
        XCTAssertEqual(r.stdout, "", "\(args)", file: file, line: line)
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 2, "\(args): expected one line, got: \(r.stderr)", file: file, line: line)
        XCTAssertEqual(lines.last, "", file: file, line: line)
        for f in fragments { XCTAssertTrue(r.stderr.contains(f), "\(args): '\(f)' not in: \(r.stderr)", file: file, line: line) }
    }

    func testBadArguments() throws {
        let h = try host()
        try expectFailure(h, [], ["missing the checkpoint", "usage:"])
        try expectFailure(h, ["model.bin", "-q", "1"], ["unknown option -q"])
        try expectFailure(h, ["model.bin", "-t"], ["-t needs a value"])
        try expectFailure(h, ["model.bin", "-t", "hot"], ["-t hot", "temperature"])
        try expectFailure(h, ["model.bin", "-p", "nan"], ["-p nan"])
        try expectFailure(h, ["model.bin", "-s", "12x"], ["-s 12x", "seed"])
        try expectFailure(h, ["model.bin", "-n", "33"], ["-n 33", "seq_len 32"])
        try expectFailure(h, ["model.bin", "-n", "-1"], ["-n -1"])
        try expectFailure(h, ["model.bin", "--steps", "3"], ["unexpected argument --steps"])
        try expectFailure(h, ["model.bin", "-x", "forward.xclbin"], ["-x", "XRT build"])
        try expectFailure(h, ["model.bin", "-z", "tok.bin", "-l", "/nonexistent-folder/logits.bin"], ["-l /nonexistent-folder/logits.bin"])
    }

    func testBadCheckpoints() throws {
        let h = try host()
        try expectFailure(h, ["missing.bin", "-z", "tok.bin"], ["missing.bin: cannot open checkpoint"])
        let q8 = try bytes("model_q80.bin", in: h)
        try write(Array(q8.prefix(q8.count - 3)), "truncated_q80.bin", in: h)
        try expectFailure(h, ["truncated_q80.bin", "-z", "tok.bin"], ["truncated_q80.bin: file is", "header describes"])
        try write(Array(q8.prefix(100)), "header_only.bin", in: h)
        try expectFailure(h, ["header_only.bin", "-z", "tok.bin"], ["header_only.bin: truncated", "256-byte header"])
        var version = q8
        version[4] = 3
        try write(version, "version3.bin", in: h)
        try expectFailure(h, ["version3.bin", "-z", "tok.bin"], ["version3.bin: unsupported checkpoint version 3"])
        var group = q8
        group[8 + 7 * 4 + 1] = 4  // group_size 8 → 4 (the length check would fail later; the group size is checked first)
        try write(group, "group4.bin", in: h)
        try expectFailure(h, ["group4.bin", "-z", "tok.bin"], ["group4.bin: group_size is 4, expected 8"])
        let float = try bytes("model.bin", in: h)
        try write(Array(float.prefix(20)), "short.bin", in: h)
        try expectFailure(h, ["short.bin", "-z", "tok.bin"], ["short.bin: truncated", "7-int32 header"])
        var zeroDim = float
        zeroDim[0...3] = [0, 0, 0, 0]
        try write(zeroDim, "zero.bin", in: h)
        try expectFailure(h, ["zero.bin", "-z", "tok.bin"], ["zero.bin: invalid header: dim is 0"])
        try write(Array(float.dropLast(4)), "truncated.bin", in: h)
        try expectFailure(h, ["truncated.bin", "-z", "tok.bin"], ["truncated.bin: file is"])
        try expectFailure(h, [h.folder.path, "-z", "tok.bin"], ["cannot read checkpoint"])
    }

    /// A checkpoint of another shape names every field that differs, one line each.
    func testDimensionMismatchNamesEachField() throws {
        let h = try host()
        var other = Self.config
        other.dim = 32
        other.nLayers = 3
        try RandomModel.floatCheckpoint(config: other, seed: 1).write(to: h.folder.appendingPathComponent("other.bin"))
        let r = try h.run(["other.bin", "-z", "tok.bin"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, "other.bin: dim is 32, expected 16 (the accelerator was generated for it)\n"
                       + "other.bin: n_layers is 3, expected 2 (the accelerator was generated for it)\n")
    }

    func testBadTokenizersAndPrompts() throws {
        let h = try host()
        try expectFailure(h, ["model.bin", "-z", "missing_tok.bin"], ["missing_tok.bin: cannot open tokenizer"])
        try SyntheticTokenizer.make(vocabSize: Self.config.vocabSize + 1, seed: 2).write(to: h.folder.appendingPathComponent("tok301.bin"))
        try expectFailure(h, ["model.bin", "-z", "tok301.bin"], ["tok301.bin: tokenizer has 301 tokens, expected 300"])
        let tok = try bytes("tok.bin", in: h)
        try write(Array(tok.dropLast(2)), "tok_truncated.bin", in: h)
        try expectFailure(h, ["model.bin", "-z", "tok_truncated.bin"], ["tok_truncated.bin: truncated", "token 299"])
        try write([1, 0], "tok_tiny.bin", in: h)
        try expectFailure(h, ["model.bin", "-z", "tok_tiny.bin"], ["tok_tiny.bin: truncated", "max_token_length"])
        let prompt = String((0..<200).map { i in Character(UnicodeScalar(UInt8(33 + (i * 7) % 90))) })
        try expectFailure(h, ["model.bin", "-z", "tok.bin", "-i", prompt], ["-i: the prompt is", "more than seq_len 32"])
    }

    /// Randomly mutated and truncated checkpoints and tokenizers never crash the host: it runs or
    /// fails with exit 1 and one line per problem.
    func testMutatedFilesNeverCrash() throws {
        let h = try host()
        var rng = SeededRandom(seed: 99)
        let originals = [("model.bin", try bytes("model.bin", in: h)), ("model_q80.bin", try bytes("model_q80.bin", in: h)),
                         ("tok.bin", try bytes("tok.bin", in: h))]
        for round in 0..<24 {
            let (name, original) = originals[round % originals.count]
            var mutated = original
            if round % 2 == 0 {
                mutated = Array(mutated.prefix(Int(rng.next() % UInt64(mutated.count))))
            } else {
                for _ in 0..<4 {
                    // Mostly the headers, where mutations matter.
                    let i = Int(rng.next() % UInt64(min(mutated.count, 300)))
                    mutated[i] = UInt8(truncatingIfNeeded: rng.next())
                }
            }
            let mutant = "mutant-\(round)-\(name)"
            try write(mutated, mutant, in: h)
            let args = name == "tok.bin" ? ["model.bin", "-z", mutant, "-n", "4"] : [mutant, "-z", "tok.bin", "-n", "4"]
            let r = try h.run(args)
            XCTAssertTrue(r.status == 0 || r.status == 1, "\(mutant): status \(r.status), \(r.stderr)")
            if r.status == 1 {
                XCTAssertFalse(r.stderr.isEmpty, mutant)
                for line in r.stderr.split(separator: "\n") { XCTAssertTrue(line.contains("mutant-\(round)"), "\(mutant): \(line)") }
            }
        }
    }
}
