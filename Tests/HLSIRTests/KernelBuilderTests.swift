import HLSIR
import XCTest

final class KernelBuilderTests: XCTestCase {
    func testBuildsLoopsReductionsAndStoresInOrder() throws {
        let k = KernelBuilder("scale")
        let x = k.input("x", .float32, count: 8)
        let y = k.output("y", .float32, count: 8)
        let s = k.reduce("total", .add, .float32, 8) { i in x[i] }
        k.loop("body", 8) { i in y[i] = x[i] * s }
        let kernel = try k.build()
        XCTAssertEqual(kernel.parameters, [.buffer("x"), .buffer("y")])
        XCTAssertEqual(kernel.body.count, 2)
        guard case .reduce(let r) = kernel.body[0], case .loop(let l) = kernel.body[1] else {
            return XCTFail("expected a reduction then a loop, got \(kernel.body)")
        }
        XCTAssertEqual(r.name, "total")
        XCTAssertEqual(r.bound, .constant(8))
        XCTAssertEqual(r.initial, .f32(0))
        XCTAssertEqual(l.name, "body")
        XCTAssertEqual(l.variable, "i")
        guard case .store(let buf, let idx, let v) = l.body.first else { return XCTFail("expected a store") }
        XCTAssertEqual(buf, "y")
        XCTAssertEqual(idx, [.loopVar("i")])
        XCTAssertEqual(v.type, .float32)
    }

    func testNestedLoopsGetDistinctIndexNames() throws {
        let k = KernelBuilder("nest")
        let y = k.output("y", .float32, count: 16)
        k.loop("outer", 4) { i in
            k.loop("inner", 4) { j in y[i * 4 + j] = .f32(1) }
        }
        let kernel = try k.build()
        guard case .loop(let o) = kernel.body[0], case .loop(let inner) = o.body[0] else { return XCTFail() }
        XCTAssertEqual(o.variable, "i")
        XCTAssertEqual(inner.variable, "j")
    }

    func testRuntimeBoundsCarryTheirMaximum() throws {
        let k = KernelBuilder("rt")
        let x = k.inputOutput("x", .float32, count: 32)
        let n = k.size("n", max: 32)
        k.loop("scale", n) { i in x[i] = x[i] * 2.0 }
        let kernel = try k.build()
        guard case .loop(let l) = kernel.body[0] else { return XCTFail() }
        XCTAssertEqual(l.bound, .runtime(.param("n"), max: 32))
        XCTAssertEqual(kernel.parameters.last, .size("n", max: 32))
    }

    func testMixedKindsAreRejectedWithAMessage() {
        let k = KernelBuilder("bad")
        let x = k.input("x", .float32, count: 4)
        let y = k.output("y", .int32, count: 4)
        k.loop("body", 4) { i in y[i] = x[i] + .int(1) }
        XCTAssertThrowsError(try k.build()) { e in
            // The kernel, the loop and statement, what is wrong and what is expected, in one line.
            XCTAssertEqual("\(e)", "kernel bad: loop body: store to y: add needs operands of one kind, got float32 and int32; cast one")
        }
    }

    func testBuildErrorsNameTheStatementInsideAReduction() {
        let k = KernelBuilder("red")
        let x = k.input("x", .float32, count: 4)
        let y = k.output("y", .float32, count: 1)
        let s = k.reduce("total", .add, .float32, 4) { i in
            let t = k.bind("t", x[i] * .int(2))
            return t
        }
        y[0] = s
        XCTAssertThrowsError(try k.build()) { e in
            XCTAssertEqual("\(e)".split(separator: "\n").first.map(String.init),
                           "kernel red: loop total: bind t: mul needs operands of one kind, got float32 and int32; cast one")
        }
    }

    func testStatementProblemsNameTheLoopAndWhatWasExpected() {
        let k = KernelBuilder("st")
        let x = k.input("x", .float32, count: 4)
        k.loop("outer", 2) { _ in
            k.loop("inner", 4) { i in x[i] = x[i] * 2.0 }
        }
        XCTAssertThrowsError(try k.build()) { e in
            XCTAssertEqual("\(e)", "kernel st: loop outer: loop inner: store to input buffer x; expected an output or inout buffer (declare it with inputOutput)")
        }
    }

    func testReductionsStartFromAPlainNumber() throws {
        let k = KernelBuilder("mx")
        let x = k.input("x", .float32, count: 8)
        let y = k.output("y", .float32, count: 1)
        let n = k.size("n", max: 8)
        y[0] = k.reduce("peak", .max, .float32, n, initial: -3.0e38) { i in x[i] }
        let kernel = try k.build()
        guard case .reduce(let r) = kernel.body[0] else { return XCTFail("expected the reduction first") }
        XCTAssertEqual(r.initial, .f32(-3.0e38))
        // A number the accumulator type cannot hold is reported with the reduction's name.
        let bad = KernelBuilder("bad_init")
        let v = bad.input("v", .int8, count: 4)
        let o = bad.output("o", .int8, count: 1)
        o[0] = bad.reduce("m", .max, .int8, 4, initial: -300) { i in v[i] }
        XCTAssertThrowsError(try bad.build()) { e in
            XCTAssertEqual("\(e)", "kernel bad_init: reduction m initial value: constant -300.0 is not a value of int8")
        }
    }

    func testDuplicateNamesAndBadIdentifiersAreRejected() {
        let k = KernelBuilder("dup")
        _ = k.input("x", .float32, count: 4)
        _ = k.input("x", .float32, count: 4)
        _ = k.input("2x", .float32, count: 4)
        XCTAssertThrowsError(try k.build()) { e in
            XCTAssertTrue("\(e)".contains("declared twice"), "\(e)")
            XCTAssertTrue("\(e)".contains("not a C identifier"), "\(e)")
        }
    }

    func testFixedPointResultWidthsFollowApFixed() {
        let a = Expr(node: .variable(Variable(name: "a", type: .fixed(8, 4))), type: .fixed(8, 4))
        let b = Expr(node: .variable(Variable(name: "b", type: .fixed(12, 2, signed: false))), type: .fixed(12, 2, signed: false))
        XCTAssertEqual((a * b).type, .fixed(20, 6, signed: true))
        // + : I = max(4, 2 + 1) + 1 = 5, F = max(4, 10) = 10.
        XCTAssertEqual((a + b).type, .fixed(15, 5, signed: true))
        XCTAssertEqual((b - b).type, .fixed(13, 3, signed: true))
        XCTAssertEqual((-a).type, .fixed(9, 5, signed: true))
        let wide = Expr(node: .variable(Variable(name: "w", type: .fixed(40, 20))), type: .fixed(40, 20))
        guard case .invalid(let m) = (wide * wide).node else { return XCTFail("80-bit product must be rejected") }
        XCTAssertTrue(m.contains("wider than 64"))
    }

    func testConstantsMustBeExactForIntAndFixed() {
        XCTAssertEqual(Expr.constant(0.75, .fixed(8, 2)).node, .fixedConst(raw: 48))
        if case .invalid = Expr.constant(0.1, .fixed(8, 2)).node {} else { XCTFail("0.1 is not exact in fixed<8,2>") }
        if case .invalid = Expr.constant(300, .int8).node {} else { XCTFail("300 is not an int8") }
        XCTAssertEqual(Expr.constant(-128, .int8).node, .intConst(-128))
    }

    func testLibmCallsAreRejectedInTheExactProfile() throws {
        let k = KernelBuilder("e")
        let x = k.inputOutput("x", .float32, count: 4)
        k.loop("body", 4) { i in x[i] = exp(x[i]) }
        let kernel = try k.build()
        let d = Design(top: "e", kernels: [kernel], schedule: Schedule(), profile: .exact)
        XCTAssertTrue(KernelValidator.problems(in: d).contains { $0.contains("expf is a libm call") })
        let libm = Design(top: "e", kernels: [kernel], schedule: Schedule(), profile: .libm)
        XCTAssertEqual(KernelValidator.problems(in: libm), [])
    }

    func testScopesAreChecked() {
        let k = KernelBuilder("scope")
        let y = k.output("y", .float32, count: 4)
        var inner = Expr.f32(0)
        k.loop("a", 4) { i in inner = k.bind("t", i.value(.float32)) }
        k.loop("b", 4) { i in y[i] = inner }
        XCTAssertThrowsError(try k.build()) { e in XCTAssertTrue("\(e)".contains("t is used outside its scope"), "\(e)") }
    }
}
