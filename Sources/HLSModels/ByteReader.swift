import Foundation

/// A bounds-checked little-endian cursor over a model file's bytes. Every read checks the
/// remaining length first and throws `ModelFileError.truncated` naming what was being read.
struct ByteReader {
    let file: String
    private let data: Data
    private(set) var offset: Int = 0

    init(_ data: Data, file: String) {
        // Normalise slices so offsets are zero-based.
        self.data = data.startIndex == 0 ? data : Data(data)
        self.file = file
    }

    var count: Int { data.count }
    var remaining: Int { data.count - offset }
    var isAtEnd: Bool { offset >= data.count }

    private func require(_ byteCount: Int, _ what: String) throws {
        if byteCount < 0 || byteCount > remaining {
            throw ModelFileError.truncated(file: file, what: what, needed: byteCount, available: remaining)
        }
    }

    mutating func seek(to position: Int, _ what: String) throws {
        if position < 0 || position > data.count {
            throw ModelFileError.truncated(file: file, what: what, needed: position, available: data.count)
        }
        offset = position
    }

    mutating func skip(_ byteCount: Int, _ what: String) throws {
        try require(byteCount, what)
        offset += byteCount
    }

    mutating func uint8(_ what: String) throws -> UInt8 {
        try require(1, what)
        defer { offset += 1 }
        return data[offset]
    }

    mutating func uint32(_ what: String) throws -> UInt32 {
        try require(4, what)
        var value: UInt32 = 0
        for i in 0..<4 { value |= UInt32(data[offset + i]) << (8 * UInt32(i)) }
        offset += 4
        return value
    }

    mutating func int32(_ what: String) throws -> Int32 {
        Int32(bitPattern: try uint32(what))
    }

    mutating func float32(_ what: String) throws -> Float {
        Float(bitPattern: try uint32(what))
    }

    mutating func bytes(_ count: Int, _ what: String) throws -> [UInt8] {
        try require(count, what)
        defer { offset += count }
        return [UInt8](data[offset..<(offset + count)])
    }

    mutating func int8s(_ count: Int, _ what: String) throws -> [Int8] {
        try require(count, what)
        let start = offset
        offset += count
        return [Int8](unsafeUninitializedCapacity: count) { buffer, initialized in
            data.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: raw[start..<(start + count)]))
            }
            initialized = count
        }
    }

    mutating func float32s(_ count: Int, _ what: String) throws -> [Float] {
        let byteCount = try CheckedSize.product(count, 4, file: file)
        try require(byteCount, what)
        let start = offset
        offset += byteCount
        let values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            data.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: raw[start..<(start + byteCount)]))
            }
            initialized = count
        }
        #if _endian(big)
        return values.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
        #else
        return values
        #endif
    }
}
