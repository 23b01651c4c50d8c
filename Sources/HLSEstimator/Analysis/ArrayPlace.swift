import HLSIR

/// Where the data of one array of the kernel being analysed lives: an m_axi port of the top
/// function, or an on-chip memory (the kernel's own, or a caller's reached through a port).
struct ArrayPlace: Hashable {
    enum Kind: Hashable {
        /// Device memory through m_axi `bundle`; `port` is the top function's argument name.
        case axi(bundle: String, port: String, interface: InterfaceDirectives)
        case onChip(MemoryKind)
    }
    let kind: Kind
    /// The array that holds the data: a top argument, or a local or table of some kernel.
    let physical: BoundBuffer
    /// Elements from the start of `physical` where this view begins (nil when not constant).
    let offset: Int?

    /// What distinguishes two placements for the analysis of a callee.
    var signature: String { "\(kind)@\(physical.dottedName)+\(offset.map(String.init) ?? "?")" }
    var isAxi: Bool { if case .axi = kind { return true } else { return false } }
    var bundle: String? { if case .axi(let b, _, _) = kind { return b } else { return nil } }

    /// Accesses one bank serves per cycle: 1 for `ram_1p`/`rom_1p`, unlimited for registers,
    /// else 2 (Vitis implements on-chip arrays as dual-port RAM when two accesses need it;
    /// mmult3x3_i8_a7 and mmult128_i32 reach exactly the II that 2 ports per bank give).
    var portsPerBank: Int {
        if case .onChip(.registers) = kind { return Int.max / 4 }
        if case .onChip(.stream) = kind { return 1 }
        switch physical.storage?.type {
        case .ram_1p?, .rom_1p?: return 1
        case .rom_np?: return 8
        case .ram_2p?, .ram_t2p?, .ram_s2p?, .rom_2p?, nil: return 2
        }
    }

    /// The on-chip memory kind of a local array or table of a kernel.
    static func memoryKind(of b: BoundBuffer, device: Device) -> MemoryKind {
        if b.isRegisters { return .registers }
        switch b.storage?.impl {
        case .uram?: return .uram
        case .lutram?: return .lutram
        case .bram?: return .bram
        case .auto?, nil:
            let bits = b.buffer.count * ScalarWidth.storageBits(b.buffer.elementType)
            // Small arrays go to LUTs (assumed threshold: 1 Kbit per bank, where a BRAM_18K
            // would be mostly empty; fir4's 4-entry shift register has no memory rows).
            if bits / Swift.max(1, b.totalBanks) <= 1024 { return .lutram }
            // Banks that would take more than 4 BRAM_18K go to UltraRAM on parts that have it
            // (assumed from gemv_f32_768x3072: a 3072 × 32 local reported as 1 URAM).
            if device.available.uram > 0 && StorageModel.bram18k(b) / Swift.max(1, b.totalBanks) > 4 { return .uram }
            return .bram
        }
    }
}

/// Bit widths of scalar types as the hardware sees them.
enum ScalarWidth {
    /// Width of a value in registers and operators.
    static func bits(_ t: ScalarType) -> Int {
        switch t {
        case .float32: return 32
        case .bool: return 1
        case .int(let i): return i.width
        case .fixed(let f): return f.width
        }
    }
    /// Width of an element in memory (ap_int<W> occupies W bits in an on-chip array; m_axi
    /// ports carry the C storage size).
    static func storageBits(_ t: ScalarType) -> Int { bits(t) }
}
