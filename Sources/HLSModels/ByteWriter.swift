import Foundation

/// Appends little-endian values to a growing byte buffer (the writers' counterpart of
/// `ByteReader`).
struct ByteWriter {
    private(set) var data = Data()

    init(reservingCapacity capacity: Int = 0) {
        data.reserveCapacity(capacity)
    }

    mutating func uint8(_ value: UInt8) { data.append(value) }

    mutating func uint32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }

    mutating func int32(_ value: Int32) { uint32(UInt32(bitPattern: value)) }

    mutating func float32(_ value: Float) { uint32(value.bitPattern) }

    mutating func bytes(_ values: [UInt8]) { data.append(contentsOf: values) }

    mutating func int8s<C: Collection>(_ values: C) where C.Element == Int8 {
        data.append(contentsOf: values.map { UInt8(bitPattern: $0) })
    }

    mutating func float32s<C: Collection>(_ values: C) where C.Element == Float {
        #if _endian(little)
        let appended = values.withContiguousStorageIfAvailable { buffer -> Bool in
            data.append(contentsOf: UnsafeRawBufferPointer(buffer))
            return true
        } ?? false
        if appended { return }
        #endif
        for value in values { float32(value) }
    }

    mutating func zeros(_ count: Int) {
        data.append(contentsOf: repeatElement(UInt8(0), count: max(0, count)))
    }
}
