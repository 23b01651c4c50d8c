import HLSConfig
import HLSIR
import XCTest

/// Random mutations and truncations of a valid config never crash the reader: each one
/// parses (and then validates or not) or gives a `ConfigError` of well-formed lines.
final class ConfigFuzzTests: XCTestCase {
    static let seedConfig = """
    {
      "parameters": {"dim": 128, "hidden": 352, "group_size": 32, "max_sequence": 256, "lanes": 8},
      "profile": "libm",
      "designs": ["rmsnorm", "softmax", "matvec", "matvec_q8", "swiglu_ffn"],
      "schedule": {
        "matvec.dot": {"pipeline": {"ii": 1}, "unroll": 4, "lanes": 4},
        "softmax.exp_sum": {"pipeline": "off", "unroll": "full", "tripcount": {"min": 1, "max": 256, "avg": 128}, "flatten": false},
        "matvec_q8.xq": {"partition": [{"type": "cyclic", "factor": 16, "dim": 1}], "storage": {"type": "ram_2p", "impl": "bram", "latency": 2}},
        "matvec.w": {"interface": {"bundle": "gmem_w", "depth": 45056, "max_read_burst_length": 64, "num_read_outstanding": 16, "max_widen_bitwidth": 512}},
        "swiglu_ffn": {"dataflow": true, "inline": "off"}
      }
    }
    """

    static let tokens = ["{", "}", "[", "]", ",", ":", "\"", "\\", "0", "-1", "1.5", "1e400", "-0",
                         "99999999999999999999", "null", "true", "false", "\"full\"", "\"off\"", "{\"ii\": 0}",
                         "\\u0000", "\\ud800", "\u{7F}", "é", "\u{FEFF}", "\n", " ", "\"matvec.dot\"", "[[[[",
                         "{\"type\": \"cyclic\"}", "1024", "7", "\"x\": 1"]

    func testMutationsNeverCrash() {
        var rng = SeededRandom(seed: 0x5EED_C0F1)
        let base = Array(Self.seedConfig.utf8)
        var parsed = 0, rejected = 0, valid = 0
        for _ in 0..<3000 {
            var bytes = base
            for _ in 0...(rng.next() % 4) { mutate(&bytes, &rng) }
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                let c = try Configuration.parse(text, source: "fuzz.json")
                parsed += 1
                do {
                    _ = try c.designs()
                    valid += 1
                } catch {
                    check(error)
                }
            } catch {
                rejected += 1
                check(error)
            }
        }
        // The mutations must reach every outcome, or the test is not testing much.
        XCTAssertGreaterThan(rejected, 100)
        XCTAssertGreaterThan(parsed - valid, 10)
        XCTAssertGreaterThan(valid, 10)
    }

    func testRandomBytesNeverCrash() {
        var rng = SeededRandom(seed: 42)
        for _ in 0..<1000 {
            let bytes = (0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            do {
                _ = try Configuration.parse(String(decoding: bytes, as: UTF8.self), source: "fuzz.json").designs()
            } catch {
                check(error)
            }
        }
    }

    private func check(_ error: ConfigError, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(error.lines.isEmpty, file: file, line: line)
        for l in error.lines {
            XCTAssertTrue(l.hasPrefix("fuzz.json"), l, file: file, line: line)
            XCTAssertFalse(l.contains("\n"), l, file: file, line: line)
        }
    }

    private func mutate(_ bytes: inout [UInt8], _ rng: inout SeededRandom) {
        guard !bytes.isEmpty else {
            bytes = Array(Self.tokens[Int(rng.next() % UInt64(Self.tokens.count))].utf8)
            return
        }
        let at = Int(rng.next() % UInt64(bytes.count))
        switch rng.next() % 6 {
        case 0:  // replace a byte with a random one
            bytes[at] = UInt8(truncatingIfNeeded: rng.next())
        case 1:  // insert a JSON-ish token
            bytes.insert(contentsOf: Array(Self.tokens[Int(rng.next() % UInt64(Self.tokens.count))].utf8), at: at)
        case 2:  // delete a short run
            bytes.removeSubrange(at..<min(bytes.count, at + 1 + Int(rng.next() % 8)))
        case 3:  // truncate
            bytes.removeSubrange(at...)
        case 4:  // duplicate a run
            let run = bytes[at..<min(bytes.count, at + 1 + Int(rng.next() % 24))]
            bytes.insert(contentsOf: run, at: Int(rng.next() % UInt64(bytes.count)))
        default:  // change a digit, so numbers go out of range or to zero
            if let d = bytes.indices.dropFirst(at).first(where: { (48...57).contains(bytes[$0]) }) {
                bytes[d] = [UInt8(ascii: "0"), UInt8(ascii: "9"), UInt8(ascii: "5")][Int(rng.next() % 3)]
            }
        }
    }
}
