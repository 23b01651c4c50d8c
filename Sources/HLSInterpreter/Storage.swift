import HLSIR

/// How the elements of a buffer are laid out in memory: floats as `Float`, every other type
/// in its natural width (`Int8`/`UInt8` up to 8 bits, … `Int64` up to 64 bits; uint64 as the
/// `Int64` bit pattern), holding the canonical raw value. Bool is one byte, 0 or 1.
enum StorageKind: Sendable {
    case f32, i8, u8, i16, u16, i32, u32, i64

    init(_ t: ScalarType) {
        switch t {
        case .float32: self = .f32
        case .bool: self = .u8
        case .int(let i): self = StorageKind.integer(width: i.width, signed: i.signed)
        case .fixed(let f): self = StorageKind.integer(width: f.width, signed: f.signed)
        }
    }

    private static func integer(width w: Int, signed s: Bool) -> StorageKind {
        if w <= 8 { return s ? .i8 : .u8 }
        if w <= 16 { return s ? .i16 : .u16 }
        if w <= 32 { return s ? .i32 : .u32 }
        return .i64
    }

    var bytes: Int {
        switch self {
        case .i8, .u8: return 1
        case .i16, .u16: return 2
        case .f32, .i32, .u32: return 4
        case .i64: return 8
        }
    }

    /// Reads element `i` as a canonical raw (not for `.f32`).
    @inline(__always)
    func loadRaw(_ p: UnsafeMutableRawPointer, _ i: Int) -> Int64 {
        switch self {
        case .i8: return Int64(p.assumingMemoryBound(to: Int8.self)[i])
        case .u8: return Int64(p.assumingMemoryBound(to: UInt8.self)[i])
        case .i16: return Int64(p.assumingMemoryBound(to: Int16.self)[i])
        case .u16: return Int64(p.assumingMemoryBound(to: UInt16.self)[i])
        case .i32: return Int64(p.assumingMemoryBound(to: Int32.self)[i])
        case .u32: return Int64(p.assumingMemoryBound(to: UInt32.self)[i])
        case .i64: return p.assumingMemoryBound(to: Int64.self)[i]
        case .f32: return Int64(p.assumingMemoryBound(to: Float.self)[i].bitPattern)
        }
    }

    /// Writes a canonical raw into element `i` (not for `.f32`).
    @inline(__always)
    func storeRaw(_ p: UnsafeMutableRawPointer, _ i: Int, _ v: Int64) {
        switch self {
        case .i8: p.assumingMemoryBound(to: Int8.self)[i] = Int8(truncatingIfNeeded: v)
        case .u8: p.assumingMemoryBound(to: UInt8.self)[i] = UInt8(truncatingIfNeeded: v)
        case .i16: p.assumingMemoryBound(to: Int16.self)[i] = Int16(truncatingIfNeeded: v)
        case .u16: p.assumingMemoryBound(to: UInt16.self)[i] = UInt16(truncatingIfNeeded: v)
        case .i32: p.assumingMemoryBound(to: Int32.self)[i] = Int32(truncatingIfNeeded: v)
        case .u32: p.assumingMemoryBound(to: UInt32.self)[i] = UInt32(truncatingIfNeeded: v)
        case .i64: p.assumingMemoryBound(to: Int64.self)[i] = v
        case .f32: p.assumingMemoryBound(to: Float.self)[i] = Float(bitPattern: UInt32(truncatingIfNeeded: v))
        }
    }
}

/// Conversion between host-side `BufferData` and typed storage.
enum StorageCopy {
    /// Copies `data` (already checked to have `count` elements of the right kind) into `p`.
    static func fill(_ p: UnsafeMutableRawPointer, _ type: ScalarType, from data: BufferData) {
        let kind = StorageKind(type)
        switch data {
        case .float(let v):
            let f = p.assumingMemoryBound(to: Float.self)
            for i in 0..<v.count { f[i] = v[i] }
        case .raw(let v):
            for i in 0..<v.count { kind.storeRaw(p, i, type.canonicalRaw(v[i])) }
        }
    }

    /// Reads `count` elements of `type` from `p`.
    static func read(_ p: UnsafeMutableRawPointer, _ type: ScalarType, count: Int) -> BufferData {
        if type == .float32 {
            return .float(Array(UnsafeBufferPointer(start: p.assumingMemoryBound(to: Float.self), count: count)))
        }
        let kind = StorageKind(type)
        return .raw((0..<count).map { kind.loadRaw(p, $0) })
    }

    /// The value of a table entry (exactly representable, checked by the validator) as a raw.
    static func tableRaw(_ v: Double, _ type: ScalarType) -> Int64 {
        switch Expr.constant(v, type).node {
        case .intConst(let r), .fixedConst(let r): return type.canonicalRaw(r)
        case .boolConst(let b): return b ? 1 : 0
        case .floatConst(let f): return Int64(f.bitPattern)
        default: return 0
        }
    }
}
