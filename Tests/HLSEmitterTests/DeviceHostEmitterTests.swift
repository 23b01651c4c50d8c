import Foundation
@testable import HLSEmitter
import HLSIR
import HLSLayers
import XCTest

/// The multi-device host's files (`HostEmitter.emitDevices`): roles by equal kernels, the
/// binding with every device's slices and the stage plan, system.mk and the connectivity of
/// every role; designs that are not device kernels are rejected.
final class DeviceHostEmitterTests: XCTestCase {
    private let gpt2 = GPT2Shape(channels: 64, layers: 3, heads: 4, vocab: 50, paddedVocab: 64, seqLen: 8)

    private func devices(_ n: Int, weights: LlamaWeights = .q8(groupSize: 16)) throws -> [BoundDesign] {
        try (0..<n).map { try BoundDesign.bind(try GPT2Devices.design(gpt2, weights: weights, profile: .libm, schedule: .hardware, devices: n, device: $0)) }
    }

    func testEqualSlicesShareARoleAndItsXclbin() throws {
        let four = try devices(4)
        let roles = DeviceRole.roles(of: four)
        XCTAssertEqual(roles.map(\.folder), ["device0-3"])
        XCTAssertEqual(roles[0].symbol, "device0_3")
        let files = Dictionary(uniqueKeysWithValues: try HostEmitter.emitDevices(four, name: "g-d4").map { ($0.path, $0.contents) })
        XCTAssertEqual(Set(files.keys), ["host.cpp", "host_runtime.h", "gpt2.h", "system.mk", "device0-3/connectivity_u280.cfg",
                                         "device0-3/connectivity_u250.cfg", "device0-3/connectivity_f1.cfg"])
        let host = try XCTUnwrap(files["host.cpp"])
        XCTAssertTrue(host.contains("d.xclbin = \"device0-3/device.xclbin\";"), host)
        XCTAssertTrue(host.contains("set.role_of_device = {0, 0, 0, 0};"), host)
        XCTAssertTrue(host.contains("extern \"C\" void device0_3(int stage, int layer, int token, int pos, const float* input"), host)
        // One C-simulation call per role, one kernel interface per device (its own slices).
        XCTAssertEqual(host.components(separatedBy: "void call_device0_3(").count - 1, 1)
        XCTAssertEqual(host.components(separatedBy: "list[3].call = call_device0_3;").count - 1, 1)
        for e in 0..<4 { XCTAssertTrue(host.contains("hlsgen::KernelInterface k_device\(e);"), "device \(e)") }
        // The model: 4 heads from the 4 devices' cache parts of 1 head each.
        XCTAssertTrue(host.contains("d.shape.num_heads = 4;"), host)
        // The stage plan: embed, 4 stages per layer, final.
        XCTAssertEqual(host.components(separatedBy: "plan.push_back(hlsgen::stage_call(").count - 1, 2 + 4 * gpt2.layers)
        XCTAssertTrue(host.contains("plan.push_back(hlsgen::stage_call(1, 0, false));"), "the first attention takes no input")
        XCTAssertTrue(host.contains("plan.push_back(hlsgen::stage_call(1, 2, true));"))
        XCTAssertTrue(host.contains("return hlsgen::guarded_main([&] { return hlsgen::gpt2::run(argc, argv, model_design(), devices()); });"))
        let system = try XCTUnwrap(files["system.mk"])
        XCTAssertTrue(system.contains("ROLES := device0-3"), system)
        XCTAssertTrue(system.contains("$(OBJCOPY) --redefine-sym $(TOP)=$(subst -,_,$*) $@"), system)
        XCTAssertTrue(try XCTUnwrap(files["device0-3/connectivity_u280.cfg"]).contains("nk=device:1:device_1"))
    }

    /// Uneven slices (3 heads over 2 devices: 2 and 1): a role each, each device its rows.
    func testUnevenSlicesGetARoleEach() throws {
        let shape = GPT2Shape(channels: 48, layers: 2, heads: 3, vocab: 50, paddedVocab: 64, seqLen: 8)
        let two = try (0..<2).map { try BoundDesign.bind(try GPT2Devices.design(shape, weights: .float, profile: .libm, devices: 2, device: $0)) }
        XCTAssertEqual(DeviceRole.roles(of: two).map(\.folder), ["device0", "device1"])
        let host = try XCTUnwrap(try HostEmitter.emitDevices(two, name: "g-d2").first { $0.path == "host.cpp" }?.contents)
        XCTAssertTrue(host.contains("d.xclbin = \"device0/device.xclbin,device1/device.xclbin\";"), host)
        XCTAssertTrue(host.contains("set.role_of_device = {0, 1};"), host)
        // qkvw's rows of device 1: its head's q, k and v rows (32 … 47, 80 … 95, 128 … 143).
        XCTAssertTrue(host.contains("k_device1.arrays.back().segments.push_back(hlsgen::segment(\"qkvw\", \(32 * 48), \(16 * 48)));"), host)
        XCTAssertTrue(host.contains("k_device1.arrays.back().segments.push_back(hlsgen::segment(\"qkvw\", \(80 * 48), \(16 * 48)));"), host)
    }

    func testOnlyDeviceKernelsHaveAMultiDeviceHost() throws {
        let forward = try BoundDesign.bind(try GPT2Forward.design(gpt2, weights: .float, profile: .libm, schedule: .reference))
        XCTAssertThrowsError(try HostEmitter.emitDevices([forward], name: "x")) {
            XCTAssertTrue("\($0)".contains("expected a device kernel (stage argument)"), "\($0)")
        }
        XCTAssertThrowsError(try HostEmitter.emit(try devices(2)[0])) { XCTAssertTrue("\($0)".contains("a device kernel of a split model"), "\($0)") }
        XCTAssertThrowsError(try HostEmitter.emitDevices([], name: "x"))
    }
}
