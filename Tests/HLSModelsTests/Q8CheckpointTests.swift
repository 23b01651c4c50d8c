import Foundation
import HLSModels
import XCTest

final class Q8CheckpointTests: XCTestCase {
    func testRoundTripsSharedAndUnsharedRandomModels() throws {
        let dir = try ModelFixtures.scratchDirectory()
        for shared in [true, false] {
            let model = try RandomModel.q8Checkpoint(config: ModelFixtures.tiny(shared: shared), seed: 9)
            XCTAssertEqual(model.groupSize, 8)  // dim 16, hidden 24
            let url = dir.appendingPathComponent("tiny-q8-\(shared).bin")
            try model.write(to: url)
            let read = try Q8Checkpoint(contentsOf: url)
            XCTAssertEqual(read, model)
            XCTAssertEqual(read.weights.wcls == nil, shared)
            XCTAssertEqual(try read.serialized(), try Data(contentsOf: url))
            guard case .q8(let viaEnum) = try Checkpoint(contentsOf: url) else {
                return XCTFail("a version-2 file must load as .q8")
            }
            XCTAssertEqual(viaEnum, model)
            XCTAssertEqual(try Checkpoint(contentsOf: url).config, model.config)
        }
    }

    func testHeaderLayout() throws {
        let model = try RandomModel.q8Checkpoint(config: ModelFixtures.tiny(shared: false), seed: 9, groupSize: 4)
        let data = try model.serialized()
        let bytes = [UInt8](data)
        func int32(_ at: Int) -> Int32 { data.subdata(in: at..<(at + 4)).withUnsafeBytes { $0.loadUnaligned(as: Int32.self) } }
        XCTAssertEqual(Array(bytes[0..<4]), [0x32, 0x34, 0x6B, 0x61])  // 0x616b3432 little-endian: "24ka"
        XCTAssertEqual(int32(4), 2)
        XCTAssertEqual((0..<7).map { int32(8 + 4 * $0) }, [16, 24, 2, 4, 2, 11, 7])
        XCTAssertEqual(bytes[36], 0)  // unshared
        XCTAssertEqual(int32(37), 4)
        XCTAssertTrue(bytes[41..<256].allSatisfy { $0 == 0 })
        // First weights: rms_att at byte 256.
        XCTAssertEqual(data.subdata(in: 256..<260).withUnsafeBytes { $0.loadUnaligned(as: Float.self) }, model.weights.rmsAtt[0])
    }

    /// A hand-built file: each quantized tensor stores each layer's int8 values then that
    /// layer's scales, tensors in runq.c's order.
    func testLayersInterleaveValuesAndScales() throws {
        // dim 4, hidden 8, 2 layers, 2 heads, 1 KV head (kv_dim 2), vocab 3, seq 3, unshared, group size 2.
        var data = Data()
        func int32(_ v: Int32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        func float(_ v: Float) { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        withUnsafeBytes(of: UInt32(0x616b3432).littleEndian) { data.append(contentsOf: $0) }
        int32(2)
        for v: Int32 in [4, 8, 2, 2, 1, 3, 3] { int32(v) }
        data.append(0)
        int32(2)
        data.append(contentsOf: [UInt8](repeating: 0, count: 256 - data.count))
        for i in 0..<(8 + 8 + 4) { float(Float(i)) }
        // (name, layers, per-layer count); tag = 10 * tensor + layer.
        let tensors: [(String, Int, Int)] = [
            ("q_tokens", 1, 12), ("wq", 2, 16), ("wk", 2, 8), ("wv", 2, 8), ("wo", 2, 16),
            ("w1", 2, 32), ("w2", 2, 32), ("w3", 2, 32), ("wcls", 1, 12),
        ]
        for (t, (_, layers, count)) in tensors.enumerated() {
            for layer in 0..<layers {
                let tag = 10 * t + layer
                data.append(contentsOf: [UInt8](repeating: UInt8(tag), count: count))
                for _ in 0..<(count / 2) { float(Float(tag)) }
            }
        }
        let model = try Q8Checkpoint(data: data, file: "hand.bin")
        XCTAssertEqual(model.weights.rmsAtt, (0..<8).map(Float.init))
        XCTAssertEqual(model.weights.rmsFFN, (8..<16).map(Float.init))
        XCTAssertEqual(model.weights.rmsFinal, (16..<20).map(Float.init))
        let w = model.weights
        let read: [QuantizedTensor] = [w.tokens, w.wq, w.wk, w.wv, w.wo, w.w1, w.w2, w.w3, w.wcls!]
        for (t, (name, layers, count)) in tensors.enumerated() {
            let values = (0..<layers).flatMap { [Int8](repeating: Int8(10 * t + $0), count: count) }
            let scales = (0..<layers).flatMap { [Float](repeating: Float(10 * t + $0), count: count / 2) }
            XCTAssertEqual(read[t].values, values, name)
            XCTAssertEqual(read[t].scales, scales, name)
        }
        XCTAssertEqual(try model.serialized(), data)
    }

    func testDequantizeMultipliesByTheGroupScale() {
        let t = QuantizedTensor(values: [1, -2, 3, 127], scales: [0.5, 0.25], groupSize: 2)
        XCTAssertEqual(t.dequantized(), [0.5, -1, 0.75, 31.75])
    }
}
