import XCTest
@testable import HLSEstimator

final class OperatorTableTests: XCTestCase {
    func testUltraScaleFloatLatencyFollowsTheClock() {
        let slow = OperatorTable(family: .ultraScalePlus, clockMHz: 45)
        let fast = OperatorTable(family: .ultraScalePlus, clockMHz: 300)
        XCTAssertEqual(slow.cost(.fadd).latency, 2)   // dot48 at 22 ns
        XCTAssertEqual(fast.cost(.fadd).latency, 4)
        XCTAssertEqual(slow.cost(.fmul).latency, 2)
        XCTAssertEqual(OperatorTable(family: .ultraScalePlus, clockMHz: 200).cost(.fmul).latency, 4)  // vscale16
        XCTAssertEqual(fast.cost(.fadd).dsp, 2)
        XCTAssertEqual(fast.cost(.fmul).dsp, 3)
        XCTAssertEqual(fast.cost(.fdiv).dsp, 0)
        XCTAssertGreaterThan(fast.cost(.fdiv).latency, slow.cost(.fdiv).latency)
    }

    func testVersalFloatPrimitives() {
        let v = OperatorTable(family: .versal, clockMHz: 250)
        XCTAssertEqual(v.cost(.fadd).latency, 1)
        XCTAssertEqual(v.cost(.fmul).dsp, 1)
        XCTAssertEqual(v.cost(.fmadd).latency, 2)
        XCTAssertEqual(v.cost(.fexp).latency, 9)
        XCTAssertEqual(v.cost(.fdiv).latency, 11)
        XCTAssertEqual(v.cost(.dadd).latency, 5)
        XCTAssertEqual(v.cost(.dmul).dsp, 6)
        XCTAssertEqual(v.cost(.ddiv).latency, 30)
    }

    func testIntegerMultipliers() {
        let t = OperatorTable(family: .ultraScalePlus, clockMHz: 300)
        XCTAssertEqual(t.cost(.intMul(a: 32, b: 32, result: 32, mac: false)).dsp, 3)   // mmult128_i32
        XCTAssertEqual(t.cost(.intMul(a: 16, b: 16, result: 32, mac: false)).dsp, 1)
        XCTAssertEqual(t.cost(.intMul(a: 18, b: 25, result: 43, mac: false)).dsp, 2 - 1)
        XCTAssertEqual(t.cost(.intMul(a: 8, b: 8, result: 16, mac: false)).dsp, 0)      // LUTs
        XCTAssertGreaterThan(t.cost(.intMul(a: 8, b: 8, result: 16, mac: false)).lut, 0)
        XCTAssertEqual(t.cost(.intMul(a: 8, b: 8, result: 16, mac: true)).dsp, 1)       // MAC in a DSP
        let z7 = OperatorTable(family: .series7, clockMHz: 100)
        XCTAssertEqual(z7.cost(.intMul(a: 24, b: 24, result: 48, mac: false)).dsp, 1)  // fir4
        XCTAssertEqual(t.cost(.shiftConst).lut, 0)
        XCTAssertEqual(t.cost(.logic(32)).dsp, 0)
        XCTAssertEqual(t.cost(.intAdd(32)).latency, 0)
    }

    func testMemoryReadLatency() {
        let t = OperatorTable(family: .ultraScalePlus, clockMHz: 300)
        XCTAssertEqual(t.memoryReadLatency(.bram), 1)
        XCTAssertEqual(t.memoryReadLatency(.registers), 0)
        XCTAssertEqual(t.memoryReadLatency(.uram, bindLatency: 3), 3)
    }
}
