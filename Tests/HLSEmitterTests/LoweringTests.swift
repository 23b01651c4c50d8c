import HLSIR
@testable import HLSEmitter
import XCTest

/// Spellings of types and constants, and how single operations are lowered.
final class LoweringTests: XCTestCase {
    private func render(_ e: Expr, helpers: HelperUsage = HelperUsage()) throws -> String {
        let k = Kernel(name: "k", parameters: [], buffers: [], body: [])
        return CppRenderer.expression(try ExprLowering(kernel: k, helpers: helpers).convert(e, to: e.type))
    }

    private func v(_ name: String, _ t: ScalarType) -> Expr { Expr(node: .variable(Variable(name: name, type: t)), type: t) }

    func testTypes() {
        XCTAssertEqual(CppTypes.type(.float32).spelling, "float")
        XCTAssertEqual(CppTypes.type(.int8).spelling, "int8_t")
        XCTAssertEqual(CppTypes.type(.int(16, signed: false)).spelling, "uint16_t")
        XCTAssertEqual(CppTypes.type(.int32).spelling, "int32_t")
        XCTAssertEqual(CppTypes.type(.int(64, signed: false)).spelling, "uint64_t")
        XCTAssertEqual(CppTypes.type(.int(33)).spelling, "ap_int<33>")
        XCTAssertEqual(CppTypes.type(.int(5, signed: false)).spelling, "ap_uint<5>")
        XCTAssertEqual(CppTypes.type(.fixed(16, 8)).spelling, "ap_fixed<16,8>")
        XCTAssertEqual(CppTypes.type(.fixed(16, 8, .rndConv)).spelling, "ap_fixed<16,8,AP_RND_CONV>")
        XCTAssertEqual(CppTypes.type(.fixed(8, 8, .trn, .sat, signed: false)).spelling, "ap_ufixed<8,8,AP_TRN,AP_SAT>")
        XCTAssertEqual(CppTypes.type(.bool).spelling, "bool")
    }

    func testConstants() throws {
        XCTAssertEqual(Literals.exactDecimal(3, fractionBits: 4), "0.1875")
        XCTAssertEqual(Literals.exactDecimal(8, fractionBits: 0), "8.0")
        XCTAssertEqual(Literals.exactDecimal(1, fractionBits: 30), "0.000000000931322574615478515625")
        XCTAssertEqual(try render(.constant(-2.5, .fixed(8, 4))), "(ap_fixed<8,4>)(-2.5)")
        XCTAssertEqual(try render(.f32(0.1)), "0.1f")
        XCTAssertEqual(try render(.f32(.leastNonzeroMagnitude)), "1e-45f")
        XCTAssertEqual(try render(.f32(-.infinity)), "-INFINITY")
        let helpers = HelperUsage()
        XCTAssertEqual(try render(.f32(.nan), helpers: helpers), "hlsgen_float_from_bits(0x7fc00000u)")
        XCTAssertEqual(helpers.sorted, [.floatFromBits])
        // 2^60 + 1 does not fit a double: set from its raw bits.
        let big = Expr(node: .fixedConst(raw: (1 << 60) + 1), type: .fixed(64, 32))
        XCTAssertEqual(try render(big), "hlsgen_fixed_from_bits<ap_fixed<64,32>>(0x1000000000000001ULL)")
        XCTAssertEqual(try render(.int(-9_223_372_036_854_775_807 - 1, .int64)), "(int64_t)(-9223372036854775807LL - 1)")
        XCTAssertEqual(try render(Expr(node: .intConst(-1), type: .int(64, signed: false))), "(uint64_t)18446744073709551615ULL")
    }

    func testIntegerOperationsWrapWithoutUndefinedBehaviour() throws {
        let u16 = ScalarType.int(16, signed: false)
        XCTAssertEqual(try render(v("a", u16) * v("b", u16)), "(uint16_t)((uint32_t)a * (uint32_t)b)")
        XCTAssertEqual(try render(v("a", .int8) << 3), "(int8_t)((uint32_t)a << 3)")
        XCTAssertEqual(try render(v("a", .int8) >> 1), "(int8_t)(a >> 1)")
        XCTAssertEqual(try render(v("a", .int32) + v("b", .int32)), "(int32_t)((uint32_t)a + (uint32_t)b)")
        XCTAssertEqual(try render(v("a", .int64) * v("b", .int64)), "(int64_t)((uint64_t)a * (uint64_t)b)")
        XCTAssertEqual(try render(v("a", .int32) << 2), "(int32_t)((uint32_t)a << 2)")
        XCTAssertEqual(try render(-v("a", .int32)), "(int32_t)(-((uint32_t)a))")
        let u32 = ScalarType.int(32, signed: false)
        XCTAssertEqual(try render(v("a", u32) * v("b", u32)), "(uint32_t)(a * b)")
        // Products of values widened from 8 bits cannot overflow and stay plain.
        XCTAssertEqual(try render(v("a", .int8).cast(.int32) * v("b", .int8).cast(.int32)), "(int32_t)((int32_t)a * (int32_t)b)")
        XCTAssertEqual(try render(v("a", .int(20)) + v("b", .int(20))), "(ap_int<20>)(a + b)")
        XCTAssertEqual(try render(-v("a", .int(12))), "(ap_int<12>)(-a)")
    }

    func testConversions() throws {
        XCTAssertEqual(try render(v("x", .float32).cast(.int(12))), "(ap_int<12>)((long long)x)")
        XCTAssertEqual(try render(v("q", .fixed(16, 4)).cast(.int8)), "(int8_t)q.to_int64()")
        XCTAssertEqual(try render(v("q", .fixed(16, 4)).cast(.float32)), "q.to_float()")
        XCTAssertEqual(try render(v("n", .int32).cast(.float32)), "(float)n")
        XCTAssertEqual(try render(v("n", .int(40, signed: false)).cast(.float32)), "(float)n.to_uint64()")
        XCTAssertEqual(try render(v("n", .int32).cast(.int8)), "(int8_t)n")
        XCTAssertEqual(try render(v("n", .int(24)).cast(.int8)), "(int8_t)n.to_int64()")
        XCTAssertEqual(try render(v("b", .int8).cast(.int32)), "(int32_t)b")
        XCTAssertEqual(try render(v("n", .int8).cast(.bool)), "n != 0")
        XCTAssertEqual(try render(v("x", .float32).cast(.fixed(8, 4, .rnd, .sat))), "(ap_fixed<8,4,AP_RND,AP_SAT>)x")
        // Fixed-point arithmetic is exact; a select needs both branches in the exact type.
        let a = v("a", .fixed(8, 4)), b = v("b", .fixed(8, 4))
        XCTAssertEqual(try render(select(v("c", .bool), a * b, b * a)), "c ? (ap_fixed<16,8>)(a * b) : (ap_fixed<16,8>)(b * a)")
    }

    func testRendererParenthesisesByPrecedence() {
        let a = CppExpr.name("a"), b = CppExpr.name("b"), c = CppExpr.name("c")
        XCTAssertEqual(CppRenderer.expression(.binary(.sub, .binary(.sub, a, b), c)), "a - b - c")
        XCTAssertEqual(CppRenderer.expression(.binary(.sub, a, .binary(.sub, b, c))), "a - (b - c)")
        XCTAssertEqual(CppRenderer.expression(.binary(.mul, .binary(.add, a, b), c)), "(a + b) * c")
        XCTAssertEqual(CppRenderer.expression(.binary(.add, a, .binary(.mul, b, c))), "a + b * c")
        XCTAssertEqual(CppRenderer.expression(.binary(.shl, .binary(.add, a, b), c)), "(a + b) << c")
        XCTAssertEqual(CppRenderer.expression(.binary(.logicalOr, .binary(.logicalAnd, a, b), c)), "(a && b) || c")
        XCTAssertEqual(CppRenderer.expression(.binary(.add, a, .literal("-1.5f"))), "a + (-1.5f)")
    }
}

/// Designs and schedules the emitter refuses, each with a one-line reason.
final class EmitterErrorTests: XCTestCase {
    private func assertRejected(_ d: Design, mentions word: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try Emitter.emit(try BoundDesign.bind(d)), file: file, line: line) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains(word), text, file: file, line: line)
            XCTAssertFalse(text.contains("\n"), text, file: file, line: line)
        }
    }

    func testBadSchedulesAreRejected() throws {
        var d = try SampleDesigns.demo()
        d.schedule.pipeline("demo.nope")
        assertRejected(d, mentions: "demo.nope")

        d = try SampleDesigns.demo()
        d.schedule.pipeline("demo.total", ii: 0)
        assertRejected(d, mentions: "II")

        d = try SampleDesigns.demo()
        d.schedule.lanes("demo.head", 2)
        assertRejected(d, mentions: "lanes")

        d = try SampleDesigns.demo()
        d.schedule.interface("scale_add.a", InterfaceDirectives(bundle: "g"))
        assertRejected(d, mentions: "top kernel")

        d = try SampleDesigns.conversions()
        d.schedule.partition("convert.scratch", .cyclic)
        assertRejected(d, mentions: "factor")
    }

    func testReservedNamesAreRejected() throws {
        let k = KernelBuilder("main")
        let x = k.input("x", .float32, count: 2)
        let y = k.output("y", .float32, count: 2)
        k.loop("copy", 2) { i in y[i] = x[i] }
        assertRejected(Design(top: "main", kernels: [try k.build()], schedule: Schedule()), mentions: "main")

        let k2 = KernelBuilder("k2")
        let a = k2.input("new", .float32, count: 2)
        let b = k2.output("b", .float32, count: 2)
        k2.loop("copy", 2) { i in b[i] = a[i] }
        assertRejected(Design(top: "k2", kernels: [try k2.build()], schedule: Schedule()), mentions: "new")
    }
}
