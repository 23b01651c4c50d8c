import HLSIR

/// A run of the top kernel with its arguments bound to storage of their own: prepare once,
/// `execute()` any number of times (benchmarks), read results with `output(_:)`/`outputs()`.
///
/// Every `execute()` starts from the current contents of the argument buffers: inputs never
/// change, outputs and inout buffers keep what the previous execution wrote (an inout buffer
/// therefore evolves across executions). Local arrays are zeroed before each execution.
public final class PreparedRun {
    public let interpreter: Interpreter
    private var storage: [String: UnsafeMutableRawPointer] = [:]
    private var scalarRaw: [String: Int64] = [:]
    private var scalarFloat: [String: Float] = [:]
    private var sizeValues: [String: Int] = [:]
    private var bindings: Bindings?

    init(interpreter: Interpreter, inputs: [String: BufferData]) throws(InterpreterError) {
        self.interpreter = interpreter
        let k = interpreter.top.kernel
        let known = Set(k.parameters.map(\.name))
        if let extra = inputs.keys.sorted().first(where: { !known.contains($0) }) {
            throw InterpreterError("input \(extra): kernel \(k.name) has no parameter of that name")
        }
        for p in k.parameters {
            switch p {
            case .buffer(let n):
                guard let b = k.buffer(n) else { continue }
                let kind = StorageKind(b.elementType)
                let p = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(1, b.count * kind.bytes), alignment: 64)
                p.initializeMemory(as: UInt8.self, repeating: 0, count: Swift.max(1, b.count * kind.bytes))
                storage[n] = p
                if let d = inputs[n] {
                    try PreparedRun.check(d, n, b.elementType, count: b.count)
                    StorageCopy.fill(p, b.elementType, from: d)
                } else if b.direction != .output {
                    throw InterpreterError("input \(n): missing (an array of \(b.count) \(b.elementType))")
                }
            case .scalar(let v):
                guard let d = inputs[v.name] else { throw InterpreterError("input \(v.name): missing (a \(v.type) scalar)") }
                try PreparedRun.check(d, v.name, v.type, count: 1)
                switch d {
                case .float(let x): scalarFloat[v.name] = x[0]
                case .raw(let x): scalarRaw[v.name] = v.type == .bool ? (x[0] != 0 ? 1 : 0) : v.type.canonicalRaw(x[0])
                }
            case .size(let n, let m):
                guard case .raw(let x)? = inputs[n], x.count == 1 else {
                    throw InterpreterError("input \(n): expected one integer size in 0...\(m)")
                }
                guard x[0] >= 0 && x[0] <= Int64(m) else {
                    throw InterpreterError("input \(n): size \(x[0]) is outside 0...\(m)")
                }
                sizeValues[n] = Int(x[0])
            }
        }
    }

    deinit {
        for p in storage.values { p.deallocate() }
    }

    private static func check(_ d: BufferData, _ name: String, _ t: ScalarType, count: Int) throws(InterpreterError) {
        let isFloat: Bool
        if case .float = d { isFloat = true } else { isFloat = false }
        if isFloat != (t == .float32) {
            throw InterpreterError("input \(name): expected \(t == .float32 ? ".float" : ".raw") data for \(t)")
        }
        if d.count != count {
            throw InterpreterError("input \(name): expected \(count) element(s) of \(t), got \(d.count)")
        }
    }

    /// Runs the kernel once on the bound storage.
    public func execute() throws(InterpreterError) {
        if bindings == nil { bindings = Bindings(self) }
        bindings?.apply()
        try interpreter.execute()
    }

    /// The slot writes that bind this run's arguments, resolved once.
    private struct Bindings {
        var buffers: [(UnsafeMutablePointer<UnsafeMutableRawPointer>, UnsafeMutableRawPointer)] = []
        var floats: [(UnsafeMutablePointer<Float>, Float)] = []
        var ints: [(UnsafeMutablePointer<Int64>, Int64)] = []
        var bools: [(UnsafeMutablePointer<Bool>, Bool)] = []
        var sizes: [(UnsafeMutablePointer<Int>, Int)] = []

        init(_ r: PreparedRun) {
            let top = r.interpreter.top
            for (n, p) in r.storage { if let s = top.buffers[n]?.slot { buffers.append((s, p)) } }
            for (n, v) in r.scalarFloat { if let s = top.floatVars[n] { floats.append((s, v)) } }
            for (n, v) in r.scalarRaw {
                if let s = top.intVars[n] { ints.append((s, v)) } else if let s = top.boolVars[n] { bools.append((s, v != 0)) }
            }
            for (n, v) in r.sizeValues { if let s = top.sizes[n] { sizes.append((s, v)) } }
        }

        func apply() {
            for (s, p) in buffers { s.pointee = p }
            for (s, v) in floats { s.pointee = v }
            for (s, v) in ints { s.pointee = v }
            for (s, v) in bools { s.pointee = v }
            for (s, v) in sizes { s.pointee = v }
        }
    }

    /// Replaces the contents of an array argument between executions.
    public func setBuffer(_ name: String, _ data: BufferData) throws(InterpreterError) {
        guard let b = interpreter.top.kernel.buffer(name), let p = storage[name] else {
            throw InterpreterError("input \(name): not an array argument of \(interpreter.top.kernel.name)")
        }
        try PreparedRun.check(data, name, b.elementType, count: b.count)
        StorageCopy.fill(p, b.elementType, from: data)
    }

    /// Sets a size argument (such as a position) for the following executions; the buffers
    /// keep their contents. Throws if `name` is not a size parameter of the top kernel or
    /// `value` is outside its `0...max`.
    public func setSize(_ name: String, _ value: Int) throws(InterpreterError) {
        let k = interpreter.top.kernel
        var maximum: Int?
        for case .size(let n, let m) in k.parameters where n == name { maximum = m }
        guard let maximum else { throw InterpreterError("input \(name): not a size argument of \(k.name)") }
        guard value >= 0 && value <= maximum else {
            throw InterpreterError("input \(name): size \(value) is outside 0...\(maximum)")
        }
        sizeValues[name] = value
        bindings = nil  // rebuilt on the next execute (a few dozen slot writes)
    }

    /// The current contents of one array argument.
    public func output(_ name: String) -> BufferData? {
        guard let b = interpreter.top.kernel.buffer(name), let p = storage[name] else { return nil }
        return StorageCopy.read(p, b.elementType, count: b.count)
    }

    /// The current contents of every array argument.
    public func outputs() -> [String: BufferData] {
        var out: [String: BufferData] = [:]
        for b in interpreter.top.kernel.argumentBuffers {
            if let d = output(b.name) { out[b.name] = d }
        }
        return out
    }
}
