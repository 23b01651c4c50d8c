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

    /// Engines per device (`DeviceRoles.engines`): the device's slices become its engine ports,
    /// each packed straight from the whole tensors, so over N devices × E engines every element
    /// of every matrix is still held exactly once; the sliced arguments are gone and the KV
    /// cache is one part per attention engine, its parts' heads the device's.
    func testEnginesPerDeviceHoldEveryElementOnce() throws {
        let ls = LlamaShape(dim: 64, hidden: 172, layers: 2, heads: 8, kvHeads: 4, vocab: 100, seqLen: 8)
        let gs = GPT2Shape(channels: 48, layers: 2, heads: 3, vocab: 50, paddedVocab: 64, seqLen: 8)
        for weights in [LlamaWeights.float, .q8(groupSize: 4)] {
            let suffixes = weights == .float ? [""] : ["_q", "_s"]
            for n in [2, 3] {
                let llama = try (0..<n).map { try LlamaDevices.design(ls, weights: weights, profile: .libm, schedule: .hardware, devices: n, device: $0, engines: 2) }
                for (d, slice) in zip(llama, LlamaDevices.slices(ls, devices: n)) {
                    XCTAssertEqual(ArgumentRoleValidator.problems(in: d), [])
                    XCTAssertEqual(d.roles.caches.filter { $0.slice.kind == .key }.reduce(0) { $0 + $1.slice.heads }, slice.kvHeads.count)
                    XCTAssertNil(d.roles["wq" + suffixes[0]], "the slices moved into the engine ports")
                    XCTAssertEqual(d.roles[EngineWeights.ports(1, weights: weights)[0]]?.kind, .packed)
                    for (name, b) in d.packing { XCTAssertEqual(b.count, d.topKernel.buffer(name)?.count, name) }
                }
                let held = coverage(llama)
                XCTAssertEqual(Set(held.keys), Set(["wq", "wk", "wv", "wo", "w1", "w2", "w3", "wcls"].flatMap { m in suffixes.map { m + $0 } }))
                for (key, counts) in held { XCTAssertTrue(counts.allSatisfy { $0 == 1 }, "Llama \(key): \(weights) on \(n) devices × 2 engines") }

                let gpt2Weights: LlamaWeights = weights == .float ? .float : .q8(groupSize: 8)
                let gpt2 = try (0..<n).map { try GPT2Devices.design(gs, weights: gpt2Weights, profile: .libm, schedule: .hardware, devices: n, device: $0, engines: 2) }
                for (d, slice) in zip(gpt2, GPT2Devices.slices(gs, devices: n)) {
                    XCTAssertEqual(ArgumentRoleValidator.problems(in: d), [])
                    XCTAssertEqual(d.roles.caches.filter { $0.slice.kind == .key }.reduce(0) { $0 + $1.slice.heads }, slice.heads.count)
                    for (name, b) in d.packing { XCTAssertEqual(b.count, d.topKernel.buffer(name)?.count, name) }
                }
                var keys = ["qkvb", "attprojb", "fcb", "fcprojb"]
                for m in ["qkvw", "attprojw", "fcw", "fcprojw"] { keys += suffixes.map { m + $0 } }
                keys += weights == .float ? ["wte"] : ["wte_q", "wte_s"]
                let gheld = coverage(gpt2)
                XCTAssertEqual(Set(gheld.keys), Set(keys))
                for (key, counts) in gheld { XCTAssertTrue(counts.allSatisfy { $0 == 1 }, "GPT-2 \(key): \(weights) on \(n) devices × 2 engines") }
            }
        }
    }
}
