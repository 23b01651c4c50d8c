import HLSIR
import XCTest

/// `top(y, x, z)`: y written, x read, z read and written.
private func design(_ configure: (inout Schedule) -> Void) throws -> Design {
    let k = KernelBuilder("top")
    let y = k.output("y", .float32, count: 16)
    let x = k.input("x", .float32, count: 16)
    let z = k.inputOutput("z", .float32, count: 16)
    k.loop("body", 16) { i in
        y[i] = x[i] + z[i]
        z[i] = x[i]
    }
    var s = Schedule()
    configure(&s)
    return Design(top: "top", kernels: [try k.build()], schedule: s)
}

private func problems(_ configure: (inout Schedule) -> Void) throws -> [String] {
    ScheduleValidator.problems(in: try design(configure))
}

final class InterfaceModeTests: XCTestCase {
    func testStreamsAndMemoriesAreAccepted() throws {
        XCTAssertEqual(try problems { s in
            s.interface("top.y", InterfaceDirectives(mode: .axis, depth: 16))
            s.interface("top.x", InterfaceDirectives(mode: .ap_fifo))
            s.interface("top.z", InterfaceDirectives(mode: .ap_memory))
            s.partition("top.z", .cyclic, factor: 4)
            s.bindStorage("top.z", .ram_2p, impl: .bram)
        }, [])
    }

    func testAxiOptionsNeedMAxi() throws {
        XCTAssertEqual(try problems { $0.interface("top.x", InterfaceDirectives(mode: .axis, bundle: "b", maxReadBurstLength: 16)) }, [
            "interface top.x: bundle applies only to mode m_axi, and x is axis",
            "interface top.x: max_read_burst_length applies only to mode m_axi, and x is axis",
        ])
    }

    func testStreamsAreOneWay() throws {
        for mode in [InterfaceMode.axis, .ap_fifo] {
            XCTAssertEqual(try problems { $0.interface("top.z", InterfaceDirectives(mode: mode)) },
                           ["interface top.z: mode \(mode.rawValue) is a one-way in-order stream, but z is both read and written; use ap_memory or m_axi"])
        }
    }

    func testPartitionsOnlyOnMemoryPorts() throws {
        XCTAssertEqual(try problems { s in
            s.interface("top.x", InterfaceDirectives(mode: .ap_fifo))
            s.partition("top.x", .cyclic, factor: 4)
        }, ["top.x is an ap_fifo argument of top; ARRAY_PARTITION is not allowed on top-level ap_fifo ports"])
        XCTAssertEqual(try problems { s in
            s.interface("top.z", InterfaceDirectives(mode: .ap_memory))
            s.partition("top.z", .cyclic, factor: 3)
        }, ["buffer top.z: partition factor 3 does not divide dimension 1 of z, which has size 16"])
    }

    func testBoundPortsCarryTheirMode() throws {
        let bound = try BoundDesign.bind(try design { s in
            s.interface("top.x", InterfaceDirectives(mode: .ap_fifo))
        })
        let top = bound.topKernel
        XCTAssertEqual(top.buffer("x").interfaceMode, .ap_fifo)
        XCTAssertNil(top.buffer("x").bundle)
        XCTAssertEqual(top.buffer("y").interfaceMode, .m_axi)
        XCTAssertEqual(top.buffer("y").bundle, "gmem0")
    }
}
