import XCTest
import HLSIR
@testable import HLSEstimator

/// II limited by the ports of on-chip memories.
final class MemoryPortsTests: XCTestCase {
    func estimate(_ configure: (inout Schedule) -> Void) throws -> LoopEstimate? {
        let k = KernelBuilder("ports")
        let o = k.output("o", .float32, count: 1)
        let x = k.local("x", .float32, shape: [1024])
        o[0] = k.reduce("acc", .add, .float32, 1024) { i in x[i] }
        var s = Schedule()
        s.pipeline("ports.acc")
        s.lanes("ports.acc", 32)
        s.unroll("ports.acc", factor: 8)
        configure(&s)
        return loopEstimate(Estimator.estimate(try bound(try k.build(), s), device: f1, clockMHz: 300), "ports.acc")
    }

    func testEightReadsOfOneDualPortBankTakeFourCycles() throws {
        let l = try XCTUnwrap(try estimate { _ in })
        XCTAssertEqual(l.ii, 4)
        XCTAssertEqual(l.limit, .memoryPorts(array: "x", accesses: 8, ports: 2))
    }

    func testPartitionCoveringTheUnrollRemovesTheLimit() throws {
        let cyclic = try XCTUnwrap(try estimate { $0.partition("ports.x", .cyclic, factor: 8) })
        XCTAssertEqual(cyclic.ii, 1)
        XCTAssertEqual(cyclic.limit, .none)
        let half = try XCTUnwrap(try estimate { $0.partition("ports.x", .cyclic, factor: 4) })
        XCTAssertEqual(half.ii, 1)   // two reads per dual-port bank
        let complete = try XCTUnwrap(try estimate { $0.partition("ports.x", .complete) })
        XCTAssertEqual(complete.ii, 1)
    }

    func testSinglePortStorageAndBlockPartitionOfTheWrongShape() throws {
        let onePort = try XCTUnwrap(try estimate {
            $0.partition("ports.x", .cyclic, factor: 4)
            $0.bindStorage("ports.x", .ram_1p, impl: .bram)
        })
        XCTAssertEqual(onePort.ii, 2)
        XCTAssertEqual(onePort.limit, .memoryPorts(array: "x", accesses: 2, ports: 1))
        // Block partition: the 8 consecutive elements of one iteration sit in one block.
        let block = try XCTUnwrap(try estimate { $0.partition("ports.x", .block, factor: 8) })
        XCTAssertEqual(block.ii, 4)
    }

    func testBankMappingPerPartitionType() {
        let k = KernelBuilder("m")
        _ = k.local("a", .float32, shape: [16, 8])
        var s = Schedule()
        s.partition("m.a", .block, factor: 4, dim: 1)
        s.partition("m.a", .cyclic, factor: 2, dim: 2)
        guard let d = try? BoundDesign.bind(Design(top: "m", kernels: [try! k.build()], schedule: s)) else { return XCTFail() }
        let b = d.topKernel.buffer("a")
        XCTAssertEqual(MemoryPorts.bank(of: [5, 3], in: b), [1, 1])
        XCTAssertEqual(MemoryPorts.bank(of: [15, 6], in: b), [3, 0])
    }
}

/// Dependences carried through on-chip memory.
final class MemoryDependenceTests: XCTestCase {
    func loop(_ body: @escaping (BufferHandle, BufferHandle, Index) -> Void) throws -> LoopEstimate? {
        let k = KernelBuilder("dep")
        let o = k.output("o", .float32, count: 1)
        let a = k.local("a", .float32, shape: [256])
        let x = k.local("x", .float32, shape: [256])
        k.loop("scan", 255) { i in body(a, x, i) }
        o[0] = a[255]
        var s = Schedule()
        s.pipeline("dep.scan")
        return loopEstimate(Estimator.estimate(try bound(try k.build(), s), device: f1, clockMHz: 300), "dep.scan")
    }

    func testARunningSumThroughMemoryWaitsForTheStore() throws {
        let l = try XCTUnwrap(try loop { a, x, i in a[i + 1] = a[i] + x[i + 1] })
        // load (1) + fadd (4), stored in state 5: the next iteration's load waits 6 cycles.
        XCTAssertEqual(l.ii, 6)
        guard case .recurrence(let v, _, let c) = l.limit else { return XCTFail("\(l.limit)") }
        XCTAssertEqual(v, "a")
        XCTAssertEqual(c, 6)
    }

    func testReadModifyWriteOfOneElementAndReadsAheadCarryNothing() throws {
        XCTAssertEqual(try XCTUnwrap(try loop { a, _, i in a[i] = a[i] * 2.0 }).ii, 1)
        XCTAssertEqual(try XCTUnwrap(try loop { a, _, i in a[i] = a[i + 1] * 2.0 }).ii, 1)
    }

    func testDistance() {
        let v = "i"
        func acc(_ i: Index, write: Bool) -> Access { Access(array: "a", indices: [i], isWrite: write, unrolled: [(v, 1)]) }
        XCTAssertEqual(MemoryDependence.distance(store: acc(.loopVar(v) + 2, write: true), load: acc(.loopVar(v), write: false), loopVariable: v), 2)
        XCTAssertEqual(MemoryDependence.distance(store: acc(.loopVar(v), write: true), load: acc(.loopVar(v) + 1, write: false), loopVariable: v), -1)
        XCTAssertEqual(MemoryDependence.distance(store: acc(.loopVar(v) * 2, write: true), load: acc(.loopVar(v) * 2 + 1, write: false), loopVariable: v), nil)
        XCTAssertEqual(MemoryDependence.distance(store: acc(.loopVar(v) % 4, write: true), load: acc(.loopVar(v), write: false), loopVariable: v), 1)
    }
}
