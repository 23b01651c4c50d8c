/// The data files of the self-checking testbench (`<argument>.bin` inputs, `<array>.golden.bin`
/// golden outputs; docs/testbench.md): elements in order, no header, each in
/// `ScalarType.storageBytes` little-endian bytes (IEEE bits for floats, the low bytes of the
/// two's complement raw value otherwise).
public enum BinaryFormat {
    public static func encode(_ data: BufferData, as type: ScalarType) -> [UInt8] {
        let n = type.storageBytes
        var out = [UInt8]()
        out.reserveCapacity(data.count * n)
        switch data {
        case .float(let v):
            for x in v { appendLE(UInt64(x.bitPattern), bytes: 4, to: &out) }
        case .raw(let v):
            for x in v { appendLE(UInt64(bitPattern: x), bytes: n, to: &out) }
        }
        return out
    }

    /// Decodes `count` elements; nil when the byte count is not `count · storageBytes`.
    public static func decode(_ bytes: [UInt8], as type: ScalarType, count: Int) -> BufferData? {
        let n = type.storageBytes
        guard bytes.count == count * n else { return nil }
        if type == .float32 {
            var v = [Float](repeating: 0, count: count)
            for i in 0..<count { v[i] = Float(bitPattern: UInt32(truncatingIfNeeded: readLE(bytes, at: i * 4, bytes: 4))) }
            return .float(v)
        }
        var v = [Int64](repeating: 0, count: count)
        for i in 0..<count { v[i] = type.canonicalRaw(Int64(bitPattern: readLE(bytes, at: i * n, bytes: n))) }
        return .raw(v)
    }

    private static func appendLE(_ x: UInt64, bytes: Int, to out: inout [UInt8]) {
        for b in 0..<bytes { out.append(UInt8(truncatingIfNeeded: x >> (8 * UInt64(b)))) }
    }
    private static func readLE(_ bytes: [UInt8], at o: Int, bytes n: Int) -> UInt64 {
        var x: UInt64 = 0
        for b in 0..<n { x |= UInt64(bytes[o + b]) << (8 * UInt64(b)) }
        return x
    }
}
