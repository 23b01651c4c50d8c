import HLSIR
import XCTest

final class DataTests: XCTestCase {
    func testBinaryFormatRoundTripsEveryKind() {
        let cases: [(ScalarType, BufferData)] = [
            (.float32, .float([1.5, -0.0, .infinity, Float(bitPattern: 0x7fc0_0001)])),
            (.int8, .raw([-128, 127, 0, -1])),
            (.int(13), .raw([-4096, 4095, 7])),
            (.int(33, signed: false), .raw([0, 8_589_934_591, 1])),
            (.int64, .raw([Int64.min, Int64.max])),
            (.fixed(12, 4, .rnd, .sat), .raw([-2048, 2047, 5])),
        ]
        for (t, d) in cases {
            let bytes = BinaryFormat.encode(d, as: t)
            XCTAssertEqual(bytes.count, d.count * t.storageBytes, "\(t)")
            XCTAssertEqual(BinaryFormat.decode(bytes, as: t, count: d.count), d, "\(t)")
        }
        XCTAssertNil(BinaryFormat.decode([1, 2, 3], as: .float32, count: 1))
    }

    func testCanonicalRawSignAndZeroExtends() {
        XCTAssertEqual(ScalarType.int(5).canonicalRaw(0b11111), -1)
        XCTAssertEqual(ScalarType.int(5, signed: false).canonicalRaw(-1), 31)
        XCTAssertEqual(ScalarType.fixed(4, 2).canonicalRaw(0b1000), -8)
    }

    func testFirstMismatchComparesBits() {
        XCTAssertNil(BufferData.float([0, 1]).firstMismatch(.float([0, 1])))
        XCTAssertEqual(BufferData.float([0, 1]).firstMismatch(.float([-0.0, 1])), 0)
        XCTAssertEqual(BufferData.raw([1, 2, 3]).firstMismatch(.raw([1, 2, 4])), 2)
    }

    func testRandomInputsAreReproducibleAndInRange() throws {
        let k = KernelBuilder("r")
        _ = k.input("a", .int(5), count: 50)
        _ = k.input("f", .float32, count: 50)
        _ = k.output("o", .float32, count: 3)
        _ = k.size("n", max: 7)
        let kernel = try k.build()
        let x = RandomInputs.make(for: kernel, seed: 42)
        XCTAssertEqual(x, RandomInputs.make(for: kernel, seed: 42))
        XCTAssertNotEqual(x, RandomInputs.make(for: kernel, seed: 43))
        guard case .raw(let a) = x["a"], case .float(let f) = x["f"], case .raw(let n) = x["n"] else { return XCTFail() }
        XCTAssertTrue(a.allSatisfy { (-16...15).contains($0) })
        XCTAssertTrue(f.allSatisfy { $0 >= -1 && $0 < 1 })
        XCTAssertTrue((1...7).contains(n[0]))
        XCTAssertEqual(x["o"], .float([0, 0, 0]))
    }
}
