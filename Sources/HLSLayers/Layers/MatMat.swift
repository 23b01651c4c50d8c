import HLSIR

/// Matrix products over a block of activations (prefill): each weight row is read from
/// memory once into an on-chip row buffer and multiplied with every activation vector of the
/// block, `tile` vectors at a time side by side, so a block of B tokens reads every weight
/// once instead of B times and the datapath does `tile` tokens' work per weight it reads.
///
/// Every output element is computed exactly as the matrix-vector product of one token
/// computes it (`MatVec`, `MatVecQ8`) with `lanes` lanes: the same terms, each added into
/// partial i mod lanes in increasing i, every partial starting at 0, the partials then added
/// left to right — the order `LanePlan` defines for a reduction. The partials are explicit
/// here (`acc[t][k]`, one row per token of the tile) because the tile's tokens share one loop
/// over the weights. A block therefore gives the bits of B single-token products with the
/// same lanes.
///
/// Activations and outputs are token-major: `x[b·n + j]`, `xout[b·d + r]`. The block's
/// activations are first copied on chip (`act_load`) into `xt[B][n]`, an array the schedule
/// can partition by token and by element. Weight rows are read `rowBlock` rows at a time, one
/// burst per block of rows. The partials start at 0 by a select on the first `lanes` terms
/// (`(i < lanes ? 0 : acc) + term`, the same operation as adding to a cleared partial). A
/// tile past the block's last token computes on whatever its rows hold and stores nothing.
public enum MatMat {
    /// Why `tile` and `lanes` do not fit a block of `tokens`, one line each.
    public static func problems(tokens: Int, tile: Int, lanes: Int, rows d: Int = 1, rowBlock: Int = 1) -> [String] {
        var out: [String] = []
        if rowBlock < 1 || d % rowBlock != 0 { out.append("row block \(rowBlock) does not divide the \(d) rows") }
        if tile < 1 || tokens % tile != 0 { out.append("tile \(tile) does not divide the block of \(tokens) tokens") }
        if lanes < 1 { out.append("lanes is \(lanes); expected a positive integer") }
        return out
    }

    /// Float: kernel `name(xout, x, w, count)` for a d × n row-major matrix and `count` ≤
    /// `tokens` vectors. Loops: `act_tokens`/`act_load`, then `rows` holding `row_load` and
    /// `tiles` (`clear`, `dot` over the inputs with `tile_tokens` inside, `store` with the
    /// reduction `combine`).
    /// With `bias`, a last argument `bias` (d) starts each row's sum (`MatVecBias`: partial 0
    /// starts at bias[r], the others at 0).
    public static func kernel(_ name: String, n: Int, d: Int, tokens: Int, tile: Int = 1, lanes: Int = 1,
                              rowBlock: Int = 1, bias withBias: Bool = false) throws(DesignError) -> Kernel {
        let p = problems(tokens: tokens, tile: tile, lanes: lanes, rows: d, rowBlock: rowBlock)
        if !p.isEmpty { throw DesignError(p.map { "\(name): \($0)" }) }
        let k = KernelBuilder(name)
        let out = k.output("xout", .float32, count: tokens * d)
        let x = k.input("x", .float32, count: tokens * n)
        let w = k.input("w", .float32, count: n * d)
        let count = k.size("count", max: tokens)
        let bias = withBias ? k.input("bias", .float32, count: d) : nil
        let xt = k.local("xt", .float32, shape: [tokens, n])
        let row = k.local("row", .float32, shape: [rowBlock * n])
        let acc = k.local("acc", .float32, shape: [tile, lanes])
        k.loop("act_tokens", count, index: "b") { b in
            k.loop("act_load", n, index: "j") { j in xt[b, j] = x[b * n + j] }
        }
        k.loop("row_blocks", d / rowBlock, index: "rb") { rb in
            k.loop("row_load", rowBlock * n, index: "j") { j in row[j] = w[rb * (rowBlock * n) + j] }
            k.loop("rows", rowBlock, index: "rr") { rr in
                tiles(k, count: count, tokens: tokens, tile: tile, lanes: lanes, terms: n, loop: "dot", acc: acc, out: out, d: d,
                      r: rb * rowBlock + rr, bias: bias) { b, j in
                    // MatVec's term: weight × activation.
                    row[rr * n + j] * xt[b, j]
                }
            }
        }
        return try k.build()
    }

    /// Q8_0 over activations quantized beforehand (`QuantizeQ8`, one call per token): kernel
    /// `name(xout, xq, xs, wq, ws, count)`. Loops: `act_tokens`/`act_load`/`act_scales`, then
    /// `rows` holding `row_load`, `scale_load` and `tiles` (`clear`, `groups` with
    /// `tile_tokens` and the int32 reduction `dot` inside, `store` with `combine`).
    public static func q8(_ name: String, n: Int, d: Int, groupSize gs: Int, tokens: Int, tile: Int = 1, lanes: Int = 1,
                          rowBlock: Int = 1, bias withBias: Bool = false) throws(DesignError) -> Kernel {
        let p = problems(tokens: tokens, tile: tile, lanes: lanes, rows: d, rowBlock: rowBlock)
        if !p.isEmpty { throw DesignError(p.map { "\(name): \($0)" }) }
        let groups = n / gs
        let k = KernelBuilder(name)
        let out = k.output("xout", .float32, count: tokens * d)
        let xq = k.input("xq", .int8, count: tokens * n)
        let xs = k.input("xs", .float32, count: tokens * groups)
        let wq = k.input("wq", .int8, count: n * d)
        let ws = k.input("ws", .float32, count: n * d / gs)
        let count = k.size("count", max: tokens)
        let bias = withBias ? k.input("bias", .float32, count: d) : nil
        let xt = k.local("xt", .int8, shape: [tokens, n])
        let st = k.local("st", .float32, shape: [tokens, groups])
        let row = k.local("row", .int8, shape: [rowBlock * n])
        let scales = k.local("scales", .float32, shape: [rowBlock * groups])
        let acc = k.local("acc", .float32, shape: [tile, lanes])
        k.loop("act_tokens", count, index: "b") { b in
            k.loop("act_load", n, index: "j") { j in xt[b, j] = xq[b * n + j] }
            k.loop("act_scales", groups, index: "g") { g in st[b, g] = xs[b * groups + g] }
        }
        k.loop("row_blocks", d / rowBlock, index: "rb") { rb in
            k.loop("row_load", rowBlock * n, index: "j") { j in row[j] = wq[rb * (rowBlock * n) + j] }
            k.loop("scale_load", rowBlock * groups, index: "g") { g in scales[g] = ws[rb * (rowBlock * groups) + g] }
            k.loop("rows", rowBlock, index: "rr") { rr in
                tiles(k, count: count, tokens: tokens, tile: tile, lanes: lanes, terms: groups, loop: "groups", acc: acc, out: out, d: d,
                      r: rb * rowBlock + rr, bias: bias) { b, g in
                    let dot = k.reduce("dot", .add, .int32, gs, index: "c") { c in
                        xt[b, g * gs + c].cast(.int32) * row[rr * n + g * gs + c].cast(.int32)
                    }
                    // MatVecQ8's term: ((float)dot · ws) · xs.
                    return (dot.cast(.float32) * scales[rr * groups + g]) * st[b, g]
                }
            }
        }
        return try k.build()
    }

    /// The tiles of one row: for each tile of `tile` tokens, every term i of token b added
    /// into `acc[t][i mod lanes]` (i outer, the tile's tokens inner; the first `lanes` terms
    /// into 0), and each token's partials combined left to right into `out[b·d + r]` if b is
    /// in the block. Partials a row of fewer terms than lanes never reaches stay 0 and are
    /// added as 0, as `LanePlan` does.
    static func tiles(_ k: KernelBuilder, count: Size, tokens: Int, tile: Int, lanes: Int, terms: Int, loop: String,
                      acc: BufferHandle, out: BufferHandle, d: Int, r: Index, bias: BufferHandle? = nil,
                      term: (Index, Index) -> Expr) {
        k.loop("tiles", .runtime((count.index + (tile - 1)) / tile, max: tokens / tile), index: "bt") { bt in
            k.loop(loop, terms, index: "i") { i in
                k.loop("tile_tokens", tile, index: "t") { t in
                    let lane: Index = lanes == 1 ? 0 : i % lanes
                    // The first term of a lane adds to its start: 0, or the bias for partial 0.
                    let start = bias.map { select(i.value().eq(0), $0[r], .f32(0)) } ?? .f32(0)
                    let partial = select(i.value() < .constant(Double(Swift.min(lanes, terms)), .int32), start, acc[t, lane])
                    acc[t, lane] = partial + term(bt * tile + t, i)
                }
            }
            k.loop("store", tile, index: "t") { t in
                let b = bt * tile + t
                k.branch(b.value() < count.index.value()) {
                    let used = Swift.min(lanes, terms)
                    var sum = used == 1 ? acc[t, 0]
                        : k.reduce("combine", .add, .float32, used - 1, initial: acc[t, 0], index: "k") { l in acc[t, l + 1] }
                    // Lanes no term reached: partials still at their initial 0.
                    for _ in used ..< lanes { sum = sum + .f32(0) }
                    out[b * d + r] = sum
                }
            }
        }
    }
}
