import HLSIR

/// One analysed function: its estimate without callees' resources, and its own traffic.
struct FunctionResult {
    let name: String
    let latency: CycleRange
    let interval: CycleRange
    let loops: [LoopEstimate]
    let calls: [String: Double]
    let dataflow: Bool
    /// This function's own operators, memories and control (callees excluded).
    let own: Resources
    /// m_axi traffic of one call, callees included.
    let traffic: Traffic
}

/// Analyses the functions of a design from the top down, once each: a callee is analysed at
/// its first call site with its array arguments placed where the caller's arrays live (an
/// m_axi port or an on-chip memory), and later calls reuse that result (one hardware module
/// per function; see docs/estimator.md).
final class DesignAnalysis {
    let design: BoundDesign
    let device: Device
    let table: OperatorTable
    let axiLatency: Int
    private(set) var results: [String: FunctionResult] = [:]
    /// Function names in the order first reached (top first).
    private(set) var order: [String] = []
    private var inProgress: Set<String> = []
    /// Analyses by callee and placement of its array arguments.
    private var bySignature: [String: FunctionResult] = [:]

    init(design: BoundDesign, device: Device, clockMHz: Double, axiLatency: Int = 64) {
        self.design = design
        self.device = device
        self.table = OperatorTable(family: device.family, clockMHz: clockMHz)
        self.axiLatency = axiLatency
    }

    /// Analyses the top function (its array arguments are m_axi ports); `sizes` fixes some of
    /// its size arguments (one stage of a kernel that branches on its stage).
    func analyzeTop(sizes: [String: Int] = [:]) -> FunctionResult? {
        let top = design.topKernel
        var places: [String: ArrayPlace] = [:]
        for b in top.kernel.buffers where b.isArgument {
            let bb = top.buffer(b.name)
            switch bb.interfaceMode ?? .m_axi {
            case .m_axi:
                places[b.name] = ArrayPlace(kind: .axi(bundle: bb.bundle ?? b.name, port: b.name,
                                                       interface: bb.interface ?? InterfaceDirectives()),
                                            physical: bb, offset: 0)
            case .axis, .ap_fifo:
                places[b.name] = ArrayPlace(kind: .onChip(.stream), physical: bb, offset: 0)
            case .ap_memory:
                places[b.name] = ArrayPlace(kind: .onChip(bb.isRegisters ? .registers : .port), physical: bb, offset: 0)
            }
        }
        return analyze(top, arguments: places, sizes: sizes)
    }

    /// The callee of a call from `caller` with `args`, analysed on first use.
    ///
    /// A callee called with its arrays in different places (another m_axi port or bundle,
    /// another memory) is analysed again for those calls, so that their latency and traffic
    /// are their own; the report shows the first analysis.
    func function(_ name: String, calledFrom caller: KernelContext, with args: [CallArgument]) -> FunctionResult? {
        guard let callee = design.kernel(name), !inProgress.contains(name) else { return nil }
        var places: [String: ArrayPlace] = [:]
        var sizes: [String: Int] = [:]
        for (p, a) in zip(callee.kernel.parameters, args) {
            if case .size(let pn, _) = p, case .index(let i) = a, let v = i.evaluate({ caller.sizes[$0] }) { sizes[pn] = v }
            guard case .buffer(let pn) = p, case .buffer(let an, let offset) = a, let outer = caller.places[an] else { continue }
            let k: Int? = offset.evaluate { _ in nil }
            var kind = outer.kind
            if case .onChip(let m) = kind, m != .registers { kind = .onChip(m) }
            places[pn] = ArrayPlace(kind: kind, physical: outer.physical, offset: k.map { $0 + (outer.offset ?? 0) })
        }
        let key = name + "(" + places.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.signature)" }.joined(separator: ",")
            + sizes.sorted { $0.key < $1.key }.map { ",\($0.key)=\($0.value)" }.joined() + ")"
        if let r = bySignature[key] { return r }
        let r = analyze(callee, arguments: places, sizes: sizes)
        bySignature[key] = r
        return r
    }

    private func analyze(_ k: BoundKernel, arguments: [String: ArrayPlace], sizes: [String: Int] = [:]) -> FunctionResult {
        inProgress.insert(k.name)
        defer { inProgress.remove(k.name) }
        var places = arguments
        for b in k.kernel.buffers where !b.isArgument {
            let bb = k.buffer(b.name)
            places[b.name] = ArrayPlace(kind: .onChip(ArrayPlace.memoryKind(of: bb, device: device)), physical: bb, offset: 0)
        }
        // Array arguments never bound by a caller (a function analysed on its own) are ap_memory ports.
        for b in k.kernel.buffers where b.isArgument && places[b.name] == nil {
            places[b.name] = ArrayPlace(kind: .onChip(.port), physical: k.buffer(b.name), offset: 0)
        }
        let context = KernelContext(kernel: k, places: places, table: table, device: device, axiLatency: axiLatency,
                                    design: self, sizes: sizes)
        if !order.contains(k.name) { order.append(k.name) }
        let analyzer = KernelAnalyzer(context: context)
        let body = analyzer.block(k.kernel.body, depth: 0)
        let own = ResourceModel.own(k, body: body, places: places, context: context)
        let dataflow = k.function.dataflow
        // DATAFLOW with array channels (ping-pong buffers): each stage waits for its producer
        // to finish, independent stages run side by side (`dataflowLatency`), and a new call
        // can start every slowest stage (mmult128_f32_dataflow: interval 66,181).
        let latency = dataflow ? analyzer.dataflowLatency(k.kernel.body) : body.latency
        let interval = dataflow ? body.slowestItem + CycleRange(exactly: 1) : body.latency + CycleRange(exactly: 1)
        let r = FunctionResult(name: k.name, latency: latency, interval: interval, loops: body.loops,
                               calls: body.calls, dataflow: dataflow, own: own, traffic: body.traffic)
        if results[k.name] == nil { results[k.name] = r }
        return r
    }

    /// The distinct functions `name` reaches through calls (not itself).
    func callees(of name: String) -> [String] {
        var seen: [String] = []
        func visit(_ n: String) {
            for c in (results[n]?.calls.keys.sorted() ?? []) where !seen.contains(c) && c != name {
                seen.append(c)
                visit(c)
            }
        }
        visit(name)
        return seen
    }

    /// Resources of `name` with every distinct callee counted once — except that a callee
    /// called k times from a DATAFLOW function runs as k concurrent processes, so it counts
    /// k times (the most over such callers).
    func totalResources(of name: String) -> Resources {
        let reached = callees(of: name)
        var copies: [String: Int] = [:]
        for f in [name] + reached {
            guard let r = results[f], r.dataflow else { continue }
            for (c, k) in r.calls { copies[c] = Swift.max(copies[c] ?? 1, Saturating.int(k)) }
        }
        return reached.reduce(results[name]?.own ?? .zero) {
            $0 + Saturating.scaled(results[$1]?.own ?? .zero, copies[$1] ?? 1)
        }
    }
}
