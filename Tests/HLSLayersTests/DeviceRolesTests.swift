import HLSIR
import HLSLayers
import XCTest

/// The argument roles of the device kernels (`DeviceRoles`, `LlamaDevices`, `GPT2Devices`):
/// every argument has one, and over the N devices the slices of every sliced tensor take each
/// of its elements exactly once (so the devices hold the whole model between them).
final class DeviceRolesTests: XCTestCase {
    /// Element i of tensor `key` → how many devices hold it.
    private func coverage(_ designs: [Design]) -> [String: [Int]] {
        var out: [String: [Int]] = [:]
        for d in designs {
            for (name, role) in d.roles.byArgument {
                guard case .packed(let list) = role, let packing = d.packing[name] else { continue }
                for t in list where out[t.key] == nil { out[t.key] = [Int](repeating: 0, count: t.count) }
                for seg in packing.segments { for i in seg.start ..< seg.start + seg.count { out[seg.source]![i] += 1 } }
            }
        }
        return out
    }

    private func checkCommonRoles(_ d: Design, heads: Int, headSize: Int, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(ArgumentRoleValidator.problems(in: d), [], file: file, line: line)
        XCTAssertEqual(d.roles[("stage")], .stage, file: file, line: line)
        XCTAssertEqual(d.roles["layer"], .layer, file: file, line: line)
        XCTAssertEqual(d.roles["input"], .stageInput, file: file, line: line)
        XCTAssertEqual(d.roles["x"], .residual, file: file, line: line)
        XCTAssertEqual(d.roles.caches.map(\.slice.heads), [heads, heads], file: file, line: line)
        XCTAssertEqual(d.roles.caches.first?.slice.headSize, headSize, file: file, line: line)
    }

    func testLlamaDevicesHoldEveryElementOnce() throws {
        let s = LlamaShape(dim: 64, hidden: 172, layers: 2, heads: 8, kvHeads: 4, vocab: 100, seqLen: 8)
        for weights in [LlamaWeights.float, .q8(groupSize: 4)] {
            for n in [1, 3, 4] {
                let designs = try (0..<n).map { try LlamaDevices.design(s, weights: weights, profile: .libm, devices: n, device: $0) }
                let slices = LlamaDevices.slices(s, devices: n)
                for (d, slice) in zip(designs, slices) {
                    checkCommonRoles(d, heads: slice.kvHeads.count, headSize: s.headSize)
                    XCTAssertEqual(d.roles["output"], .stageOutput(words: DeviceStage.allCases.map { slice.outputCount($0, s) }))
                    XCTAssertEqual(d.roles["token_embedding"]?.kind, .weights)
                }
                let held = coverage(designs)
                let keys = weights == .float ? ["wq", "wk", "wv", "wo", "w1", "w2", "w3", "wcls"]
                    : ["wq", "wk", "wv", "wo", "w1", "w2", "w3", "wcls"].flatMap { ["\($0)_q", "\($0)_s"] }
                XCTAssertEqual(Set(held.keys), Set(keys), "\(weights) \(n)")
                for (key, counts) in held { XCTAssertTrue(counts.allSatisfy { $0 == 1 }, "\(key): \(weights) on \(n) devices") }
            }
        }
    }

    func testGPT2DevicesHoldEveryElementOnce() throws {
        let s = GPT2Shape(channels: 48, layers: 2, heads: 3, vocab: 50, paddedVocab: 64, seqLen: 8)
        for weights in [LlamaWeights.float, .q8(groupSize: 8)] {
            for n in [1, 2, 3] {
                let designs = try (0..<n).map { try GPT2Devices.design(s, weights: weights, profile: .libm, devices: n, device: $0) }
                for (d, slice) in zip(designs, GPT2Devices.slices(s, devices: n)) {
                    checkCommonRoles(d, heads: slice.heads.count, headSize: s.headSize)
                    XCTAssertEqual(d.roles["wte"]?.kind, .weights, "the embedding reads the whole table")
                    XCTAssertEqual(d.roles[weights == .float ? "wcls" : "wte_q"]?.kind, .packed, "the classifier its rows")
                }
                let held = coverage(designs)
                var keys = ["qkvb", "attprojb", "fcb", "fcprojb"]
                for m in ["qkvw", "attprojw", "fcw", "fcprojw"] { keys += weights == .float ? [m] : ["\(m)_q", "\(m)_s"] }
                keys += weights == .float ? ["wte"] : ["wte_q", "wte_s"]
                XCTAssertEqual(Set(held.keys), Set(keys), "\(weights) \(n)")
                for (key, counts) in held { XCTAssertTrue(counts.allSatisfy { $0 == 1 }, "\(key): \(weights) on \(n) devices") }
            }
        }
    }
}
