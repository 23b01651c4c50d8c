import HLSIR
import Foundation
import HLSModels
import XCTest

/// Thousands of mutated and truncated files: loaders must either load or throw a
/// `ModelFileError`, never trap. (A trap would abort the test process.)
final class LoaderFuzzTests: XCTestCase {
    private func mutate(_ original: Data, rng: inout SeededRandom, headerBytes: Int) -> Data {
        var data = original
        switch rng.next() % 4 {
        case 0:  // truncate anywhere
            data = data.prefix(Int(rng.next() % UInt64(data.count + 1)))
        case 1:  // flip bytes, biased to the header
            for _ in 0..<(1 + rng.next() % 4) {
                let inHeader = rng.next() % 2 == 0
                let limit = inHeader ? min(headerBytes, data.count) : data.count
                let at = Int(rng.next() % UInt64(limit))
                data[at] = UInt8(truncatingIfNeeded: rng.next())
            }
        case 2:  // write an extreme int32 into a header field
            let extremes: [Int32] = [0, -1, 1, 2, 3, Int32.max, Int32.min, 1 << 16, -(1 << 16), 7]
            let field = 4 * Int(rng.next() % UInt64(max(1, min(headerBytes, data.count) / 4)))
            if field + 4 <= data.count { data.setInt32(extremes[Int(rng.next() % 10)], at: field) }
        default:  // append or drop a few bytes
            if rng.next() % 2 == 0 { data.append(contentsOf: [UInt8](repeating: 0xAB, count: Int(rng.next() % 9))) }
            else { data = data.dropLast(Int(rng.next() % 9)) }
        }
        return data
    }

    private func expectLoadOrModelError(_ body: () throws -> Void) {
        do { try body() } catch is ModelFileError {} catch { XCTFail("unexpected error type: \(error)") }
    }

    func testMutatedCheckpointsNeverCrash() throws {
        let float = try RandomModel.floatCheckpoint(config: ModelFixtures.tiny(shared: false), seed: 3)
        let files = [try float.serialized(), try Q8Checkpoint(quantizing: float, groupSize: 4).serialized()]
        var rng = SeededRandom(seed: 2024)
        var loaded = 0
        for i in 0..<3000 {
            let data = mutate(files[i % 2], rng: &rng, headerBytes: i % 2 == 0 ? 28 : 48)
            expectLoadOrModelError {
                switch try Checkpoint(data: data, file: "fuzz.bin") {
                case .float(let m):
                    loaded += 1
                    _ = try? Q8Checkpoint(quantizing: m)  // NaN weights give nonFiniteWeight, never a trap
                case .q8(let m):
                    loaded += 1
                    _ = m.weights.wq.dequantized()
                case .q4:
                    XCTFail("no file holds Q4 weights")
                }
            }
            expectLoadOrModelError { _ = try FloatCheckpoint(data: data, file: "fuzz.bin") }
            expectLoadOrModelError { _ = try Q8Checkpoint(data: data, file: "fuzz.bin") }
        }
        XCTAssertGreaterThan(loaded, 100)  // byte flips in the weights still load
    }

    func testMutatedTokenizersNeverCrash() throws {
        let tokenizer = try SyntheticTokenizer.make(vocabSize: 320, seed: 5)
        let original = tokenizer.serialized()
        var rng = SeededRandom(seed: 77)
        var loaded = 0
        for _ in 0..<3000 {
            let data = mutate(original, rng: &rng, headerBytes: 64)
            do {
                let t = try Tokenizer(data: data, file: "fuzz.bin", vocabSize: nil)
                loaded += 1
                // Encoding and decoding with a damaged vocabulary must not trap either.
                if let tokens = try? t.encode("Once upon a time €", bos: true) {
                    var previous = 1
                    for token in tokens { _ = try t.decode(previous: previous, token: token); previous = token }
                }
            } catch is ModelFileError {} catch is TokenizerError {} catch {
                XCTFail("unexpected error type: \(error)")
            }
        }
        XCTAssertGreaterThan(loaded, 100)
    }
}
