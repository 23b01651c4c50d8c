/// Builds a `Kernel` by recording statements as the DSL code runs.
///
/// ```swift
/// let k = KernelBuilder("scale")
/// let x = k.input("x", .float32, count: 64)
/// let y = k.output("y", .float32, count: 64)
/// k.loop("body", 64) { i in y[i] = x[i] * 2.0 }
/// let kernel = try k.build()
/// ```
public final class KernelBuilder {
    public let name: String
    private var parameters: [Parameter] = []
    private var buffers: [Buffer] = []
    private var blocks: [[Stmt]] = [[]]
    private var loopDepth = 0
    private var problems: [String] = []
    private var usedNames: Set<String> = []

    public init(_ name: String) { self.name = name }

    // MARK: Declarations

    /// An array argument read by the kernel.
    public func input(_ name: String, _ type: ScalarType, count: Int) -> BufferHandle {
        argument(name, type, count, .input)
    }
    /// An array argument written by the kernel.
    public func output(_ name: String, _ type: ScalarType, count: Int) -> BufferHandle {
        argument(name, type, count, .output)
    }
    /// An array argument read and written by the kernel.
    public func inputOutput(_ name: String, _ type: ScalarType, count: Int) -> BufferHandle {
        argument(name, type, count, .readWrite)
    }
    private func argument(_ name: String, _ type: ScalarType, _ count: Int, _ d: Direction) -> BufferHandle {
        let b = Buffer(name: name, elementType: type, shape: [count], kind: .argument(d))
        declare(b)
        parameters.append(.buffer(name))
        return BufferHandle(builder: self, buffer: b)
    }
    /// A local on-chip array.
    public func local(_ name: String, _ type: ScalarType, shape: [Int]) -> BufferHandle {
        let b = Buffer(name: name, elementType: type, shape: shape, kind: .local)
        declare(b)
        return BufferHandle(builder: self, buffer: b)
    }
    /// A constant table; `values` are converted exactly to `type`.
    public func table(_ name: String, _ type: ScalarType, values: [Double]) -> BufferHandle {
        let b = Buffer(name: name, elementType: type, shape: [values.count], kind: .table(values))
        declare(b)
        return BufferHandle(builder: self, buffer: b)
    }
    private func declare(_ b: Buffer) {
        claim(b.name)
        buffers.append(b)
    }
    /// A scalar value argument.
    public func scalar(_ name: String, _ type: ScalarType) -> Expr {
        claim(name)
        let v = Variable(name: name, type: type)
        parameters.append(.scalar(v))
        return Expr(node: .variable(v), type: type)
    }
    /// An integer argument used in indices and loop bounds (a length, a position), at most `max`.
    public func size(_ name: String, max: Int) -> Size {
        claim(name)
        parameters.append(.size(name, max: max))
        return Size(index: .param(name), max: max)
    }

    // MARK: Statements

    /// `const T name = value;`
    @discardableResult
    public func bind(_ name: String, _ value: Expr) -> Expr {
        claim(name)
        let v = Variable(name: name, type: value.type)
        append(.bind(v, value))
        return Expr(node: .variable(v), type: value.type)
    }
    /// A mutable local initialised to `initial`.
    public func variable(_ name: String, _ initial: Expr) -> MutableVariable {
        claim(name)
        let v = Variable(name: name, type: initial.type)
        append(.declare(v, initial))
        return MutableVariable(builder: self, variable: v)
    }
    func assign(_ v: Variable, _ value: Expr) { append(.assign(v, value)) }
    func store(_ buffer: String, _ indices: [Index], _ value: Expr) {
        append(.store(buffer: buffer, indices: indices, value: value))
    }

    /// A labelled loop over `0..<count`.
    public func loop(_ label: String, _ count: Int, index: String? = nil, _ body: (Index) -> Void) {
        loop(label, .constant(count), index: index, body)
    }
    /// A labelled loop over `0..<size` for a runtime size with a maximum.
    public func loop(_ label: String, _ size: Size, index: String? = nil, _ body: (Index) -> Void) {
        loop(label, .runtime(size.index, max: size.max), index: index, body)
    }
    public func loop(_ label: String, _ bound: Bound, index: String? = nil, _ body: (Index) -> Void) {
        claim(label)
        let v = index ?? defaultIndexName()
        let stmts = nested { body(.loopVar(v)) }
        append(.loop(Loop(name: label, variable: v, bound: bound, body: stmts)))
    }

    /// A reduction loop over `0..<count` producing a value of `type`; its result is the
    /// variable `label` after the loop. The lane count comes from the schedule.
    public func reduce(_ label: String, _ op: ReductionOp, _ type: ScalarType, _ count: Int,
                       initial: Expr? = nil, index: String? = nil, _ body: (Index) -> Expr) -> Expr {
        reduce(label, op, type, .constant(count), initial: initial, index: index, body)
    }
    public func reduce(_ label: String, _ op: ReductionOp, _ type: ScalarType, _ size: Size,
                       initial: Expr? = nil, index: String? = nil, _ body: (Index) -> Expr) -> Expr {
        reduce(label, op, type, .runtime(size.index, max: size.max), initial: initial, index: index, body)
    }
    /// A reduction starting from a plain number, converted to `type` like a `Double` next to
    /// an `Expr` is (`initial: -3.0e38` for a float max).
    public func reduce(_ label: String, _ op: ReductionOp, _ type: ScalarType, _ count: Int,
                       initial: Double, index: String? = nil, _ body: (Index) -> Expr) -> Expr {
        reduce(label, op, type, .constant(count), initial: .constant(initial, type), index: index, body)
    }
    public func reduce(_ label: String, _ op: ReductionOp, _ type: ScalarType, _ size: Size,
                       initial: Double, index: String? = nil, _ body: (Index) -> Expr) -> Expr {
        reduce(label, op, type, .runtime(size.index, max: size.max), initial: .constant(initial, type), index: index, body)
    }
    public func reduce(_ label: String, _ op: ReductionOp, _ type: ScalarType, _ bound: Bound,
                       initial: Double, index: String? = nil, _ body: (Index) -> Expr) -> Expr {
        reduce(label, op, type, bound, initial: .constant(initial, type), index: index, body)
    }
    public func reduce(_ label: String, _ op: ReductionOp, _ type: ScalarType, _ bound: Bound,
                       initial: Expr? = nil, index: String? = nil, _ body: (Index) -> Expr) -> Expr {
        claim(label)
        let v = index ?? defaultIndexName()
        var value = Expr.invalid("reduction body did not run")
        let stmts = nested { value = body(.loopVar(v)) }
        let result = Variable(name: label, type: type)
        let start = initial ?? .constant(0, type)
        append(.reduce(Reduction(name: label, variable: v, bound: bound, op: op, initial: start,
                                 body: stmts, value: value, result: result)))
        return Expr(node: .variable(result), type: type)
    }

    /// `if (condition) { then } else { otherwise }`.
    public func branch(_ condition: Expr, then: () -> Void, otherwise: () -> Void = {}) {
        let t = nestedBlock(then)
        let o = nestedBlock(otherwise)
        append(.branch(condition: condition, then: t, otherwise: o))
    }

    /// Calls another kernel (which must be part of the same design).
    public func call(_ callee: Kernel, _ arguments: [CallArgument]) {
        append(.call(callee: callee.name, arguments: arguments))
    }

    // MARK: Result

    /// The kernel, or `DesignError` listing every problem found while building it.
    public func build() throws(DesignError) -> Kernel {
        let k = Kernel(name: name, parameters: parameters, buffers: buffers, body: blocks[0])
        var issues = problems.map { "kernel \(name): \($0)" }
        issues += KernelValidator.problems(in: k, callees: [:]).filter { !$0.contains("calls unknown kernel") }
        if !issues.isEmpty { throw DesignError(issues) }
        return k
    }

    // MARK: Internals

    private func append(_ s: Stmt) { blocks[blocks.count - 1].append(s) }
    private func nestedBlock(_ body: () -> Void) -> [Stmt] {
        blocks.append([])
        body()
        return blocks.removeLast()
    }
    private func nested(_ body: () -> Void) -> [Stmt] {
        loopDepth += 1
        defer { loopDepth -= 1 }
        return nestedBlock(body)
    }
    private func defaultIndexName() -> String {
        let names = ["i", "j", "k", "l", "m", "p", "q", "r"]
        return loopDepth < names.count ? names[loopDepth] : "i\(loopDepth)"
    }
    private func claim(_ name: String) {
        if !isIdentifier(name) { problems.append("'\(name)' is not a C identifier") }
        if !usedNames.insert(name).inserted { problems.append("the name '\(name)' is declared twice") }
    }
}

/// A runtime size: an index parameter with its largest value.
public struct Size: Hashable, Sendable {
    public let index: Index
    public let max: Int
}

/// A buffer as seen from DSL code: subscripting loads, assigning through a subscript stores.
public struct BufferHandle {
    let builder: KernelBuilder
    public let buffer: Buffer
    public var name: String { buffer.name }
    public subscript(_ indices: Index...) -> Expr {
        get { Expr(node: .load(buffer: buffer.name, indices: indices), type: buffer.elementType) }
        nonmutating set { builder.store(buffer.name, indices, newValue) }
    }
    /// This buffer as a call argument, starting at `offset`.
    public func from(_ offset: Index = 0) -> CallArgument { .buffer(buffer.name, offset: offset) }
}

/// A mutable local: read with `value`, write with `set`.
public struct MutableVariable {
    let builder: KernelBuilder
    public let variable: Variable
    public var value: Expr { Expr(node: .variable(variable), type: variable.type) }
    public func set(_ e: Expr) { builder.assign(variable, e) }
}

func isIdentifier(_ s: String) -> Bool {
    guard let first = s.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else {
        return false
    }
    return s.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
}

/// One or more problems in a kernel or design, one line each.
public struct DesignError: Error, CustomStringConvertible, Sendable {
    public let problems: [String]
    public init(_ problems: [String]) { self.problems = problems }
    public var description: String { problems.joined(separator: "\n") }
}
