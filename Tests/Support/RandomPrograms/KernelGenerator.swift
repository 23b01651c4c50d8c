import HLSIR

/// Builds the kernels of one random design: the top kernel and the sub-functions it calls.
///
/// A kernel body is a list of tasks run at the top level of the body: a covering nest for
/// every output (so every output element is written), covering nests that create locals,
/// computing loop nests, reductions, branches and sub-function calls (see `ordered`).
final class KernelGenerator {
    private let dice: Dice
    private let topName: String
    /// Sub-functions generated so far, in the order they must precede the top kernel.
    private(set) var callees: [Kernel] = []

    init(dice: Dice, topName: String) {
        self.dice = dice
        self.topName = topName
    }

    private enum Task {
        case cover(Buffer), local, compute, reduction, branch, bind, call
    }

    // MARK: Top kernel

    func topKernel() -> Kernel {
        let state = KernelState(name: topName)
        for _ in 0..<dice.int(1...3) {
            state.addArgument(Buffer(name: state.fresh("in"), elementType: dice.valueType(),
                                     shape: [dice.arrayLength()], kind: .argument(.input)))
        }
        var outputs: [Buffer] = []
        for _ in 0..<dice.int(1...2) {
            let b = Buffer(name: state.fresh("out"), elementType: dice.valueType(),
                           shape: [dice.arrayLength()], kind: .argument(.output))
            state.addArgument(b)
            outputs.append(b)
        }
        var scope = GenerationScope()
        if dice.chance(0.4) {
            let v = Variable(name: state.fresh("s"), type: dice.valueType())
            state.parameters.append(.scalar(v))
            scope.values.append(v)
            scope.runtimeValues.append(v)
        }
        if dice.chance(0.45) { addSize(state) }
        state.parameters = dice.shuffled(state.parameters)
        if dice.chance(0.3) { addTable(state) }

        var producers: [Task] = Array(repeating: .local, count: dice.int(0...2))
        if dice.chance(0.45) { producers.append(.reduction) }
        if dice.chance(0.3) { producers.append(.bind) }
        if dice.chance(0.3) { producers.append(.call) }
        if dice.chance(0.05) { producers.append(.call) }
        var consumers: [Task] = Array(repeating: .compute, count: dice.int(1...2))
        if dice.chance(0.3) { consumers.append(.branch) }
        let body = run(ordered(producers: producers, consumers: consumers, covers: outputs), state, &scope)
        return Kernel(name: topName, parameters: state.parameters, buffers: state.buffers, body: body)
    }

    /// Producers (locals, calls, reductions, bindings) first, so that later code can read
    /// what they make; then the computing loops; each output's covering nest is usually
    /// last, where it can use everything (it then overwrites earlier partial stores), and
    /// otherwise earlier (so later partial stores stay visible).
    private func ordered(producers: [Task], consumers: [Task], covers: [Buffer]) -> [Task] {
        var middle = consumers
        var last: [Task] = []
        for b in covers {
            if dice.chance(0.6) { last.append(.cover(b)) } else { middle.append(.cover(b)) }
        }
        var first = producers
        // Now and then mix everything, so producers also follow consumers.
        if dice.chance(0.2) {
            first = []
            middle = producers + middle
        }
        return dice.shuffled(first) + dice.shuffled(middle) + last
    }

    // MARK: Shared pieces

    private func addSize(_ state: KernelState) {
        let p = SizeParameter(name: state.fresh("n"), max: dice.int(1...16))
        state.parameters.append(.size(p.name, max: p.max))
        state.sizes.append(p)
    }

    private func addTable(_ state: KernelState) {
        let t = dice.valueType()
        let n = dice.arrayLength(max: 16)
        let b = Buffer(name: state.fresh("tab"), elementType: t, shape: [n], kind: .table(dice.tableValues(t, count: n)))
        state.declare(b)
        state.readable.append(b)
    }

    private func run(_ tasks: [Task], _ state: KernelState, _ scope: inout GenerationScope) -> [Stmt] {
        let g = StatementGenerator(dice: dice, state: state)
        var body: [Stmt] = []
        for task in tasks {
            switch task {
            case .cover(let b):
                body.append(g.cover(b, scope))
            case .local:
                let shape = dice.chance(0.7) ? [dice.arrayLength()] : [dice.int(1...8), dice.int(1...8)]
                let b = Buffer(name: state.fresh("loc"), elementType: dice.valueType(), shape: shape, kind: .local)
                state.declare(b)
                body.append(g.cover(b, scope))
                state.markWritten(b)
            case .compute:
                if dice.chance(0.5) { body.append(g.declare(&scope)) }
                body.append(g.loop(scope, branchDepth: 0))
            case .reduction:
                body.append(g.reduction(&scope))
            case .branch:
                body.append(g.branch(scope, branchDepth: 1))
            case .bind:
                body.append(g.bind(&scope))
            case .call:
                body += call(from: state, g, &scope)
            }
        }
        return body
    }

    // MARK: Sub-functions

    /// A call of a new sub-function, sometimes inside a loop that moves the buffer offsets.
    ///
    /// The callee reads regions of the caller's input arguments (never its locals: g++
    /// could see their constant contents through an inlined call and fold a libm call) and
    /// writes every element of its one output, which is either a region of a caller output
    /// or a new local that the call (or the loop of calls) writes completely.
    private func call(from caller: KernelState, _ g: StatementGenerator, _ s: inout GenerationScope) -> [Stmt] {
        let calleeName = "\(topName)_sub\(callees.count)"
        let callee = KernelState(name: calleeName)
        let repeats = dice.chance(0.35) ? dice.int(2...4) : 1
        let loopVar = caller.fresh("i")
        let callScope = repeats > 1 ? s.entering(LoopCounter(name: loopVar, maxValue: repeats - 1)) : s
        var bindings: [(Parameter, CallArgument)] = []

        for _ in 0..<dice.int(1...2) {
            let source = dice.pick(caller.runtimeBuffers)
            let (count, offset) = region(in: source.count, repeats: repeats, loopVar: loopVar, strided: dice.chance(0.5))
            let p = Buffer(name: callee.fresh("in"), elementType: source.elementType, shape: [count], kind: .argument(.input))
            callee.addArgument(p)
            bindings.append((.buffer(p.name), .buffer(source.name, offset: offset)))
        }

        let outputs = caller.writable.filter { $0.direction == .output && $0.count >= repeats }
        var produced: Buffer?
        let target: Buffer, count: Int, offset: Index
        if !outputs.isEmpty && dice.chance(0.5) {
            target = dice.pick(outputs)
            (count, offset) = region(in: target.count, repeats: repeats, loopVar: loopVar, strided: true)
        } else {
            count = dice.arrayLength(max: 16)
            target = Buffer(name: caller.fresh("loc"), elementType: dice.valueType(), shape: [count * repeats], kind: .local)
            caller.declare(target)
            produced = target
            offset = repeats > 1 ? .mul(.constant(count), .loopVar(loopVar)) : .constant(0)
        }
        let out = Buffer(name: callee.fresh("out"), elementType: target.elementType, shape: [count], kind: .argument(.output))
        callee.addArgument(out)
        bindings.append((.buffer(out.name), .buffer(target.name, offset: offset)))

        var calleeScope = GenerationScope()
        if dice.chance(0.4) {
            let v = Variable(name: callee.fresh("s"), type: dice.valueType())
            calleeScope.values.append(v)
            bindings.append((.scalar(v), .scalar(g.exprs.expr(v.type, depth: dice.int(1...3), callScope))))
        }
        if dice.chance(0.35) {
            let p = SizeParameter(name: callee.fresh("n"), max: dice.int(1...16))
            callee.sizes.append(p)
            bindings.append((.size(p.name, max: p.max), .index(sizeArgument(for: p, caller: caller, repeats: repeats, loopVar: loopVar))))
        }
        bindings = dice.shuffled(bindings)
        callee.parameters = bindings.map(\.0)
        callees.append(calleeKernel(callee, output: out, scope: calleeScope))

        let call = Stmt.call(callee: calleeName, arguments: bindings.map(\.1))
        if let p = produced { caller.markWritten(p) }
        guard repeats > 1 else { return [call] }
        return [.loop(Loop(name: caller.fresh("L"), variable: loopVar, bound: .constant(repeats), body: [call]))]
    }

    /// A region of `count` elements of an `n`-element buffer and its offset: fixed, or moved
    /// by `count` per iteration of the call loop so that the iterations use disjoint regions.
    private func region(in n: Int, repeats: Int, loopVar: String, strided: Bool) -> (Int, Index) {
        if repeats > 1 && strided && n >= repeats {
            let count = dice.int(1...(n / repeats))
            let base = dice.int(0...(n - repeats * count))
            let moving = Index.mul(.constant(count), .loopVar(loopVar))
            return (count, base == 0 ? moving : .add(.constant(base), moving))
        }
        let count = dice.int(1...Swift.min(n, 32))
        return (count, .constant(dice.int(0...(n - count))))
    }

    /// The value passed for a callee's size parameter: a constant, one of the caller's
    /// sizes, or the call loop's counter plus one, never above the parameter's maximum.
    private func sizeArgument(for p: SizeParameter, caller: KernelState, repeats: Int, loopVar: String) -> Index {
        let sizes = caller.sizes.filter { $0.max <= p.max }
        switch dice.weighted([(2, 0), (sizes.isEmpty ? 0 : 2, 1), (repeats > 1 && repeats <= p.max ? 2 : 0, 2)]) {
        case 1: return .param(dice.pick(sizes).name)
        case 2: return .add(.loopVar(loopVar), .constant(1))
        default: return .constant(dice.int(1...p.max))
        }
    }

    private func calleeKernel(_ state: KernelState, output: Buffer, scope: GenerationScope) -> Kernel {
        var s = scope
        if dice.chance(0.2) { addTable(state) }
        var producers: [Task] = []
        if dice.chance(0.3) { producers.append(.local) }
        if dice.chance(0.4) { producers.append(.reduction) }
        var consumers: [Task] = []
        if dice.chance(0.5) { consumers.append(.compute) }
        if dice.chance(0.2) { consumers.append(.branch) }
        let body = run(ordered(producers: producers, consumers: consumers, covers: [output]), state, &s)
        return Kernel(name: state.name, parameters: state.parameters, buffers: state.buffers, body: body)
    }
}
