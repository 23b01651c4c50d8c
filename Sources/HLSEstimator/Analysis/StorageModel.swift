import HLSIR

/// Block RAM, UltraRAM, LUTRAM and registers of an on-chip array.
///
/// Vitis implements a bank as true-dual-port RAM_18K slices of at most 18 bits × 1024 words
/// (narrower words go deeper: 9 × 2048, 4 × 4096, 2 × 8192, 1 × 16384). Three calibration
/// entries fit this exactly: softmax's 512 × 32 local = 2 BRAM_18K; mmult128_i32's 128 × 128
/// int32 arrays in 16 blocks of 1024 words = 2 × 16 = 32 each, 96 for three; mmult128_f32's
/// three 128 × 128 float arrays = 96. UltraRAM: 72 bits × 4096 words per block.
enum StorageModel {
    static func wordsPerBank(_ b: BoundBuffer) -> Int {
        let banks = Swift.max(1, b.totalBanks)
        return (b.buffer.count + banks - 1) / banks
    }

    /// BRAM_18K blocks of all banks of `b`.
    static func bram18k(_ b: BoundBuffer) -> Int {
        let bits = ScalarWidth.storageBits(b.buffer.elementType)
        return Swift.max(1, b.totalBanks) * bram18kPerBank(words: wordsPerBank(b), bits: bits)
    }

    static func bram18kPerBank(words: Int, bits: Int) -> Int {
        let w = Swift.max(1, words)
        switch bits {
        case ...1: return (w + 16383) / 16384
        case ...2: return (w + 8191) / 8192
        case ...4: return (w + 4095) / 4096
        case ...9: return (w + 2047) / 2048
        default: return ((bits + 17) / 18) * ((w + 1023) / 1024)
        }
    }

    /// Resources of array `b` stored as `kind`.
    static func resources(_ b: BoundBuffer, kind: MemoryKind) -> Resources {
        let bits = ScalarWidth.storageBits(b.buffer.elementType)
        let banks = Swift.max(1, b.totalBanks)
        let words = wordsPerBank(b)
        switch kind {
        case .registers:
            return Resources(ff: b.buffer.count * bits)
        case .lutram:
            // One 64-deep LUTRAM per bit per bank (assumed), dual-ported.
            return Resources(lut: banks * ((words + 63) / 64) * bits * 2)
        case .bram:
            return Resources(bram18k: bram18k(b))
        case .uram:
            return Resources(uram: banks * ((bits + 71) / 72) * ((words + 4095) / 4096))
        case .port, .stream:
            return .zero
        }
    }
}
