import HLSIR

/// Small designs the emitter tests share, built with the DSL.
enum SampleDesigns {
    /// A K=1 sum, a K=4 max, a runtime-bound loop, an ap_fixed operation and a call of a
    /// sub-function.
    static func demo() throws -> Design {
        let sub = KernelBuilder("scale_add")
        let a = sub.input("a", .float32, count: 8)
        let out = sub.output("out", .float32, count: 8)
        let s = sub.scalar("s", .float32)
        sub.loop("scale", 8) { i in out[i] = a[i] * s + 1.0 }
        let subKernel = try sub.build()

        let k = KernelBuilder("demo")
        let x = k.input("x", .float32, count: 8)
        let q = k.input("q", .fixed(16, 4), count: 8)
        let y = k.output("y", .float32, count: 8)
        let z = k.output("z", .fixed(16, 4, .rnd, .sat), count: 8)
        let w = k.output("w", .float32, count: 8)
        let n = k.size("n", max: 8)
        let total = k.reduce("total", .add, .float32, 8) { i in x[i] }
        let peak = k.reduce("peak", .max, .float32, 8, initial: .f32(-.infinity)) { i in x[i] * x[i] }
        k.loop("head", n) { i in y[i] = x[i] - total + peak }
        k.loop("fix", 8) { i in z[i] = q[i] * Expr.constant(0.75, .fixed(8, 2)) }
        k.call(subKernel, [x.from(), w.from(), .scalar(total)])
        var schedule = Schedule()
        schedule.pipeline("demo.total")
        schedule.lanes("demo.peak", 4)
        schedule.pipeline("demo.peak")
        schedule.unroll("demo.fix", factor: 2)
        return Design(top: "demo", kernels: [subKernel, try k.build()], schedule: schedule)
    }

    /// Integer arithmetic that wraps: int8, uint16 (the product overflows int), ap_int<12>,
    /// an arithmetic right shift and an int32 dot product with K=2 lanes.
    static func integers() throws -> Design {
        let k = KernelBuilder("ints")
        let a = k.input("a", .int8, count: 4)
        let b = k.input("b", .int(16, signed: false), count: 4)
        let c = k.input("c", .int(12), count: 4)
        let p = k.output("p", .int8, count: 4)
        let q = k.output("q", .int(16, signed: false), count: 4)
        let r = k.output("r", .int(12), count: 4)
        let t = k.output("t", .int8, count: 4)
        let s = k.output("s", .int32, count: 1)
        k.loop("elementwise", 4) { i in
            p[i] = a[i] * a[i] + a[i]
            q[i] = b[i] * b[i]
            r[i] = (c[i] << 3) ^ c[i]
            t[i] = (a[i] >> 2) - 100.0
        }
        let dot = k.reduce("dot", .add, .int32, 4) { i in a[i].cast(.int32) * c[i].cast(.int32) }
        s[0] = dot
        var schedule = Schedule()
        schedule.lanes("ints.dot", 2)
        return Design(top: "ints", kernels: [try k.build()], schedule: schedule)
    }

    /// Conversions, select, min/max, math calls, a bitcast, a constant table and a local
    /// array with partitioning, and a runtime-bound reduction.
    static func conversions() throws -> Design {
        let k = KernelBuilder("convert")
        let x = k.input("x", .float32, count: 4)
        let f = k.input("f", .fixed(12, 6, signed: true), count: 4)
        let toInt = k.output("to_int", .int8, count: 4)
        let fixToInt = k.output("fix_to_int", .int(10), count: 4)
        let fixToFloat = k.output("fix_to_float", .float32, count: 4)
        let bits = k.output("bits", .int32, count: 4)
        let picked = k.output("picked", .float32, count: 4)
        let roots = k.output("roots", .float32, count: 4)
        let sums = k.output("sums", .float32, count: 1)
        let m = k.size("m", max: 4)
        let gain = k.scalar("gain", .float32)
        let table = k.table("offsets", .float32, values: [0.5, -0.25, 1.0, 2.0])
        let scratch = k.local("scratch", .float32, shape: [4])
        k.loop("convert", 4) { i in
            toInt[i] = x[i].cast(.int8)
            fixToInt[i] = f[i].cast(.int(10))
            fixToFloat[i] = f[i].cast(.float32)
            bits[i] = x[i].bitcast(.int32)
            picked[i] = select(x[i] > 0.0, min(x[i], table[i]), max(x[i], -table[i]))
            roots[i] = sqrt(abs(x[i])) + exp(x[i] * gain)
            scratch[i] = x[i] + table[i]
        }
        let partial = k.reduce("partial", .add, .float32, m) { i in scratch[i] }
        sums[0] = partial
        var schedule = Schedule()
        schedule.partition("convert.scratch", .complete)
        schedule.bindStorage("convert.offsets", .rom_1p, impl: .lutram)
        return Design(top: "convert", kernels: [try k.build()], schedule: schedule)
    }
}
