import HLSIR

/// The `#pragma HLS` lines the emitter writes, as text, for readers that show them beside
/// other data (the HTML report puts them beside the estimator's loop rows). They come from
/// the same `PragmaBuilder` and renderer as the generated C++, so the two cannot drift.
public enum EmittedPragmas {
    /// A loop's pragmas in the order they open its body: PIPELINE, UNROLL, LOOP_FLATTEN,
    /// LOOP_TRIPCOUNT.
    public static func loop(_ l: BoundLoop) -> [String] {
        PragmaBuilder().loop(l).map(CppRenderer.pragma)
    }

    /// A function's DATAFLOW and INLINE, then ARRAY_PARTITION and BIND_STORAGE of its local
    /// arrays and tables (sorted by name).
    public static func function(_ k: BoundKernel) -> [String] {
        let b = PragmaBuilder()
        var out = b.function(k)
        for name in k.buffers.keys.sorted() where !k.buffer(name).buffer.isArgument {
            out += b.buffer(k.buffer(name))
        }
        return out.map(CppRenderer.pragma)
    }
}
