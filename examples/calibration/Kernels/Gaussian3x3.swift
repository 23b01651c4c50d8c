import HLSIR

/// `gauss3x3_i32_axis_512x512_zu7ev_vitis2020_2`: 3×3 Gaussian blur (1 2 1 / 2 4 2 / 1 2 1,
/// rounded right shift by 4) over a 512×512 int image streamed pixel by pixel, with a
/// two-row line buffer and a 3×3 register window; taps outside the image are skipped
/// (Vitis HLS 2020.2, xczu7ev, 10 ns).
///
/// The loop structure, labels, trip counts and pragmas follow the entry: `buf_x1` (2) and
/// `buf_y`/`buf_x2` (1 × 512) prefill the line buffer with the 514 pixels read ahead,
/// `win_y`/`win_x` (2 × 2) load the window, `for_y`/`for_x` (512 × 512, II 1) compute one
/// output per pixel, read the next pixel, shift the window and roll the line buffer column
/// (slot x holds the column of linear position y·512 + x + 2). The original source is not in
/// the entry, so this is a re-derivation of the same algorithm: the 9 taps and the window
/// shift are written out (the source's fully unrolled inner loops) so that the power-of-two
/// coefficients are shifts, as the tool made them (0 DSP). The tool's flattening of
/// `win_y`/`win_x` and `for_y`/`for_x` is written as `LOOP_FLATTEN`; TLAST has no DSL
/// counterpart.
public enum Gaussian3x3 {
    /// The id of the entry in the calibration file.
    public static let id = "gauss3x3_i32_axis_512x512_zu7ev_vitis2020_2"
    static let height = 512
    static let width = 512

    /// The kernel `gaussian` with its schedule.
    public static func design() throws(DesignError) -> Design {
        let (h, w) = (height, width)
        let pixels = h * w
        let ahead = w + 2                    // pixels read before the first output
        let k = KernelBuilder("gaussian")
        let input = k.input("in_strm", .int32, count: pixels)
        let output = k.output("out_strm", .int32, count: pixels)
        let line = k.local("linebuf", .int32, shape: [2, w])
        let window = k.local("window", .int32, shape: [3, 3])
        k.loop("buf_x1", 2) { x in line[0, x + (w - 2)] = input[x] }
        k.loop("buf_y", 1) { y in
            k.loop("buf_x2", w) { x in line[1, x] = input[y * w + x + 2] }
        }
        k.loop("win_y", 2) { y in
            k.loop("win_x", 2) { x in window[y + 1, x + 1] = line[y, x + (w - 2)] }
        }
        k.loop("for_y", h) { y in
            k.loop("for_x", w) { x in
                let yv = k.bind("yv", y.value())
                let xv = k.bind("xv", x.value())
                var sum = Expr.int(0)
                for dy in 0..<3 {
                    for dx in 0..<3 {
                        let shift = (dy == 1 ? 1 : 0) + (dx == 1 ? 1 : 0)
                        var tap = window[.constant(dy), .constant(dx)]
                        if shift > 0 { tap = tap << shift }
                        var inside: [Expr] = []
                        if dy == 0 { inside.append(yv >= 1) }
                        if dy == 2 { inside.append(yv < Double(h - 1)) }
                        if dx == 0 { inside.append(xv >= 1) }
                        if dx == 2 { inside.append(xv < Double(w - 1)) }
                        if let first = inside.first {
                            tap = select(inside.dropFirst().reduce(first, &&), tap, .int(0))
                        }
                        sum = sum + tap
                    }
                }
                let total = k.bind("sum", sum)
                output[y * w + x] = (total + 8) >> 4
                let pixel = k.variable("pixel", .int(0))
                // The next pixel exists while y·w + x + ahead < h·w, i.e. before (h − 2, w − 2).
                let more = k.bind("more", yv < Double(h - 2) || (yv.eq(Double(h - 2)) && xv < Double(w - 2)))
                k.branch(more, then: {
                    // in order; the index stays inside the stream on the branch not taken too
                    pixel.set(input[(y * w + x + ahead) % pixels])
                })
                for r in 0..<3 {
                    window[.constant(r), 0] = window[.constant(r), 1]
                    window[.constant(r), 1] = window[.constant(r), 2]
                }
                window[0, 2] = line[0, x]
                window[1, 2] = line[1, x]
                window[2, 2] = pixel.value
                line[0, x] = line[1, x]
                line[1, x] = pixel.value
            }
        }
        return Design(top: "gaussian", kernels: [try k.build()], schedule: schedule())
    }

    static func schedule() -> Schedule {
        var s = Schedule()
        for loop in ["buf_x1", "buf_x2", "win_x", "for_x"] { s.pipeline("gaussian.\(loop)", ii: 1) }
        s.flatten("gaussian.win_x")                                   // done by the tool
        s.flatten("gaussian.for_x")                                   // done by the tool
        s.partition("gaussian.linebuf", .complete, dim: 1)
        s.partition("gaussian.window", .complete, dim: 0)
        s.interface("gaussian.in_strm", InterfaceDirectives(mode: .axis))
        s.interface("gaussian.out_strm", InterfaceDirectives(mode: .axis))
        return s
    }
}
