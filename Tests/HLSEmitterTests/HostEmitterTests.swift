import Foundation
@testable import HLSEmitter
import HLSIR
import HLSLayers
import XCTest

/// The host files of whole-model designs: what they contain, the connectivity plans, designs
/// that break the argument convention, and the embedded templates.
final class HostEmitterTests: XCTestCase {
    private func connectivity(_ design: Design) throws -> Connectivity {
        let bound = try BoundDesign.bind(design)
        return Connectivity(try HostKernel(bound), top: bound.topKernel)
    }

    private func files(_ design: Design) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try HostEmitter.emit(try BoundDesign.bind(design)).map { ($0.path, $0.contents) })
    }

    /// Four engines: each engine's bundles go to the banks the schedule names (values on bank
    /// e, scales on e + 4, KV cache on e + 8, modulo the board's banks), and the host packs
    /// every engine port from the matrices.
    func testEngineBundlesGoToTheirBanksAndThePortsArePacked() throws {
        let shape = LlamaShape(dim: 64, hidden: 172, layers: 5, heads: 8, kvHeads: 4, vocab: 512, seqLen: 512)
        let f = try files(try LlamaForward.design(shape, weights: .q8(groupSize: 4), profile: .exact, schedule: .hardware, engines: 4))
        let f1 = try XCTUnwrap(f["connectivity_f1.cfg"]), u280 = try XCTUnwrap(f["connectivity_u280.cfg"])
        for line in ["sp=forward_1.w_q_e1:DDR[1]", "sp=forward_1.w_s_e1:DDR[1]", "sp=forward_1.key_cache_e2:DDR[2]",
                     "sp=forward_1.value_cache_e2:DDR[2]"] {
            XCTAssertTrue(f1.contains(line), line)
        }
        for line in ["sp=forward_1.w_q_e1:HBM[1]", "sp=forward_1.w_s_e1:HBM[5]", "sp=forward_1.key_cache_e2:HBM[10]"] {
            XCTAssertTrue(u280.contains(line), line)
        }
        let host = try XCTUnwrap(f["host.cpp"])
        XCTAssertTrue(host.contains("k_forward.arrays.back().segments.push_back(hlsgen::segment(\"wq_q\", 0, 1024));"), "the first slice of engine 0")
        XCTAssertTrue(host.contains("hlsgen::array_argument(6, \"key_cache_e3\", hlsgen::ArrayRole::cache, hlsgen::ElementType::float32, 20480)"))
    }

    func testFloatDesignRendersEveryFile() throws {
        let design = try HostTestSupport.design(HostTestSupport.stories260K)
        let f = try files(design)
        XCTAssertEqual(f.keys.sorted(), ["connectivity_f1.cfg", "connectivity_u250.cfg", "connectivity_u280.cfg", "host.cpp",
                                         "host_runtime.h", "llama2c.h", "system.mk"])
        // The runtime does not know the model; the model piece does.
        let runtime = try XCTUnwrap(f["host_runtime.h"])
        for word in ["llama", "Llama", "wq", "token_embedding", "rms_"] { XCTAssertFalse(runtime.contains(word), word) }
        for (path, text) in f { XCTAssertFalse(text.contains("{{"), path) }
        let host = f["host.cpp"]!
        for line in ["d.shape.dim = 64;", "d.shape.hidden_dim = 172;", "d.shape.n_layers = 5;", "d.shape.n_heads = 8;",
                     "d.shape.n_kv_heads = 4;", "d.shape.vocab_size = 512;", "d.shape.seq_len = 512;",
                     "d.quantized = false;", "k_forward.token_argument = 0;", "k_forward.pos_argument = 1;",
                     "hlsgen::array_argument(3, \"key_cache\", hlsgen::ArrayRole::cache, hlsgen::ElementType::float32, 81920)",
                     "hlsgen::array_argument(2, \"logits\", hlsgen::ArrayRole::logits, hlsgen::ElementType::float32, 512)",
                     "hlsgen::array_argument(9, \"wq\", hlsgen::ArrayRole::weights, hlsgen::ElementType::float32, 20480, \"wq\")",
                     "hlsgen::array_argument(16, \"wcls\", hlsgen::ArrayRole::weights, hlsgen::ElementType::float32, 32768, \"wcls\")"] {
            XCTAssertTrue(host.contains(line), line)
        }
        XCTAssertTrue(host.contains("    forward(s.token, s.pos, a.floats(\"logits\"), a.floats(\"key_cache\"), a.floats(\"value_cache\"), "
                                    + "a.floats(\"token_embedding\"), a.floats(\"rms_att\"), a.floats(\"rms_ffn\"), a.floats(\"rms_final\"), "
                                    + "a.floats(\"wq\"),"))
    }

    func testQ8DesignBindsValuesAndScales() throws {
        let design = try HostTestSupport.design(HostTestSupport.stories260K, groupSize: 4)
        let host = try files(design)["host.cpp"]!
        for line in ["d.quantized = true;", "d.group_size = 4;",
                     "hlsgen::array_argument(9, \"wq_q\", hlsgen::ArrayRole::weights, hlsgen::ElementType::int8, 20480, \"wq_q\")",
                     "hlsgen::array_argument(10, \"wq_s\", hlsgen::ArrayRole::weights, hlsgen::ElementType::float32, 5120, \"wq_s\")",
                     "hlsgen::array_argument(24, \"wcls_s\", hlsgen::ArrayRole::weights, hlsgen::ElementType::float32, 8192, \"wcls_s\")"] {
            XCTAssertTrue(host.contains(line), line)
        }
        XCTAssertTrue(host.contains("a.int8s(\"w3_q\"), a.floats(\"w3_s\"), a.int8s(\"wcls_q\"), a.floats(\"wcls_s\"));"))
    }

    func testXRTVariantUsesTheNativeAPI() throws {
        let f = try files(try HostTestSupport.design(HostTestSupport.stories260K))
        let host = f["host.cpp"]! + f["host_runtime.h"]! + f["llama2c.h"]!
        for call in ["#include <xrt/xrt_device.h>", "#include <xrt/xrt_kernel.h>", "#include <xrt/xrt_bo.h>",
                     "#include <xrt/xrt_hw_context.h>", "xrt::device(device_index)", "load_xclbin(xclbin)",
                     "context_ = xrt::hw_context(device_, uuid)", "kernels_on_device_.emplace_back(context_, k.name)",
                     "kernels_on_device_[k].group_id(a.index)", "xrt::bo bank(context_, plan.bytes, static_cast<xrt::memory_group>(plan.group))",
                     "bank.sync(XCL_BO_SYNC_BO_TO_DEVICE)", "const xrt::bo argument(bank, arrays_[p.name].bytes(), p.offset)",
                     "runs_.emplace_back(kernels_on_device_.back())", "runs_[binding.first].set_arg(binding.second, argument)",
                     "run.set_arg(k.token_argument, s.token)", "run.set_arg(k.pos_argument, s.pos)", "run.start()",
                     "const ert_cmd_state state = runs_[i].wait();", "if (state != ERT_CMD_STATE_COMPLETED)",
                     "bo.sync(XCL_BO_SYNC_BO_FROM_DEVICE, bytes, 0)", "device_.read(a.name)", "#ifdef HLSGEN_CSIM", "#include \"forward.h\"",
                     "d.xclbin = \"forward.xclbin\";", "achieved tok/s: %f\\n"] {
            XCTAssertTrue(host.contains(call), call)
        }
        // No device-based kernel or buffer; nothing but the logits (a device's stage output on
        // several devices) comes back from the device, and only the weights (once) and a
        // block's gathered rows (a stage input) go to it.
        for old in ["xrt::kernel(device_", "xrt::bo bo(device_", "bo.write("] { XCTAssertFalse(host.contains(old), old) }
        XCTAssertEqual(host.components(separatedBy: "XCL_BO_SYNC_BO_FROM_DEVICE").count, 2)
        XCTAssertEqual(host.components(separatedBy: "XCL_BO_SYNC_BO_TO_DEVICE").count, 3, "one sync per bank at start-up, one per block or stage input")
    }

    func testSystemMakefileBuildsKernelXclbinAndBothHosts() throws {
        let mk = try files(try HostTestSupport.design(HostTestSupport.stories260K))["system.mk"]!
        for line in ["KERNELS := forward\n", "\tv++ -c -t $(TARGET) --platform $(PLATFORM) -k $* -o $@ $*.cpp\n",
                     "\tv++ -l -t $(TARGET) --platform $(PLATFORM) --config connectivity_$(BOARD).cfg -o $@ $(KERNELS:%=%.xo)\n",
                     "\tv++ -p -t $(TARGET) --platform $(PLATFORM) -o $@ forward.link.xclbin\n",
                     "-lxrt_coreutil -pthread", "HOST_CXXFLAGS := -std=c++17 -O2 -ffp-contract=off -Wall",
                     "KERNEL_CXXFLAGS := -std=c++14", "csim-host: forward_csim_host", "-DHLSGEN_CSIM", "TARGET ?= hw"] {
            XCTAssertTrue(mk.contains(line), line)
        }
    }

    /// Every m_axi port appears in exactly one sp= line; ports of one bundle share a bank, and
    /// the KV cache's bank holds nothing else.
    func testConnectivityMapsEveryPortByBundle() throws {
        for groupSize in [nil, 4] as [Int?] {
            let design = try HostTestSupport.design(HostTestSupport.stories260K, groupSize: groupSize, schedule: .hardware)
            let f = try files(design)
            let ports = design.topKernel.argumentBuffers.map(\.name)
            for board in ["u280", "u250", "f1"] {
                let text = f["connectivity_\(board).cfg"]!
                XCTAssertTrue(text.contains("[connectivity]\nnk=forward:1:forward_1\n"), board)
                var bankOf: [String: String] = [:]
                for line in text.split(separator: "\n") where line.hasPrefix("sp=") {
                    let parts = line.dropFirst(3).split(separator: ":", maxSplits: 1)
                    let port = String(parts[0].dropFirst("forward_1.".count))
                    XCTAssertNil(bankOf[port], "\(board): \(port) mapped twice")
                    bankOf[port] = String(parts[1])
                }
                XCTAssertEqual(Set(bankOf.keys), Set(ports), board)
                XCTAssertTrue(bankOf.values.allSatisfy { $0.hasPrefix(board == "u280" ? "HBM[" : "DDR[") }, board)
                let bundleOf = { (p: String) in design.schedule.interface("forward.\(p)").bundle! }
                for a in ports { for b in ports where bundleOf(a) == bundleOf(b) { XCTAssertEqual(bankOf[a], bankOf[b], "\(board) \(a) \(b)") } }
                let kvBank = bankOf["key_cache"]!
                XCTAssertEqual(bankOf["value_cache"], kvBank)
                let sharing = ports.filter { bankOf[$0] == kvBank }.sorted()
                XCTAssertEqual(sharing, ["key_cache", "value_cache"], board)
            }
            let u280 = f["connectivity_u280.cfg"]!
            XCTAssertTrue(u280.contains("sp=forward_1.\(groupSize == nil ? "wq" : "wq_q"):HBM[3]\n"), u280)
        }
    }

    /// Bundles larger than one 256 MB HBM pseudo-channel get a range of consecutive ones.
    func testLargeBundlesGetHBMRanges() throws {
        let shape = LlamaShape(dim: 1024, hidden: 4096, layers: 12, heads: 16, kvHeads: 16, vocab: 32000, seqLen: 256)
        let design = try HostTestSupport.design(shape)
        let banks = try try connectivity(design).banks(on: MemoryPlatform.all[0])
        XCTAssertEqual(banks["gmem_cls"], "HBM[0]")     // 2 × 32000 × 1024 floats + logits < 256 MB
        XCTAssertEqual(banks["gmem_kv"], "HBM[1]")
        XCTAssertEqual(banks["gmem_norm"], "HBM[2]")
        XCTAssertEqual(banks["gmem_attn"], "HBM[3]")    // 4 × 12 × 1024 × 1024 floats = 192 MB
        XCTAssertEqual(banks["gmem_ffn"], "HBM[4:6]")   // 3 × 12 × 1024 × 4096 floats = 576 MB
        // DDR: the KV cache alone on the last bank; the smallest bundle (norms) joins the bank
        // with the fewest bytes (attention's 192 MB, against the classifier's 262 MB).
        let ddr = try try connectivity(design).banks(on: MemoryPlatform.all[1])
        XCTAssertEqual(ddr, ["gmem_ffn": "DDR[0]", "gmem_cls": "DDR[1]", "gmem_attn": "DDR[2]", "gmem_norm": "DDR[2]", "gmem_kv": "DDR[3]"])
    }

    /// The hardware schedule's bundle per weight port (110M shape, Q8_0): on U280 every bundle
    /// has HBM pseudo-channels of its own; on DDR the KV cache has a bank alone and the 18
    /// other bundles share the other three, balanced by bytes (largest first onto the
    /// emptiest bank), at most 15 bundles (AXI masters) per bank.
    func testBundlePerWeightPortSpreadsOverBanks() throws {
        let design = try HostTestSupport.design(LlamaShape(dim: 768, hidden: 2048, layers: 12, heads: 12, kvHeads: 12, vocab: 32000, seqLen: 1024), groupSize: 64, schedule: .hardware)
        let c = try connectivity(design)
        XCTAssertEqual(c.bundles.count, 19)
        let hbm = try c.banks(on: MemoryPlatform.all[0])
        XCTAssertEqual(Set(hbm.values).count, c.bundles.count, "\(hbm)")
        XCTAssertEqual(hbm["gmem_wq_q"], "HBM[3]")
        XCTAssertEqual(hbm["gmem_wcls_s"], "HBM[18]")
        for board in [MemoryPlatform.all[1], MemoryPlatform.all[2]] {
            let ddr = try c.banks(on: board)
            XCTAssertEqual(ddr["gmem_kv"], "DDR[3]")
            XCTAssertEqual(c.bundles.filter { ddr[$0.name] == "DDR[3]" }.map(\.name), ["gmem_kv"])
            var bytes: [String: Int] = [:], interfaces: [String: Int] = [:]
            for b in c.bundles where !b.holdsCache {
                bytes[ddr[b.name]!, default: 0] += b.bytes
                interfaces[ddr[b.name]!, default: 0] += 1
            }
            XCTAssertEqual(bytes.keys.sorted(), ["DDR[0]", "DDR[1]", "DDR[2]"])
            // Largest-first balancing ends within the largest bundle of even.
            let weights = c.bundles.filter { !$0.holdsCache }
            XCTAssertLessThanOrEqual(bytes.values.max()! - bytes.values.min()!, weights.map(\.bytes).max()!)
            XCTAssertTrue(interfaces.values.allSatisfy { $0 <= Connectivity.interfacesPerBank }, "\(interfaces)")
            XCTAssertEqual(ddr["gmem_cls"], "DDR[0]")      // the 98 MB float embedding
            XCTAssertEqual(ddr["gmem_wcls_q"], "DDR[1]")
        }
    }

    /// More bundles than HBM pseudo-channels: the small bundles share channels by bytes
    /// instead of failing; the design's data must still fit.
    func testBundlesBeyondTheChannelsShare() throws {
        let design = try HostTestSupport.design(LlamaShape(dim: 768, hidden: 2048, layers: 12, heads: 12, kvHeads: 12, vocab: 32000, seqLen: 1024), groupSize: 64, schedule: .hardware)
        let c = try connectivity(design)
        let small = MemoryPlatform(board: "t", title: "test HBM", memory: "HBM", banks: 8, bankBytes: 256 << 20, rangesBySize: true)
        let banks = try c.banks(on: small)
        XCTAssertEqual(Set(banks.keys), Set(c.bundles.map(\.name)))
        XCTAssertEqual(Set(banks.values).count, 8)
        let tiny = MemoryPlatform(board: "t", title: "test HBM", memory: "HBM", banks: 2, bankBytes: 16 << 20, rangesBySize: true)
        XCTAssertThrowsError(try c.banks(on: tiny)) { XCTAssertTrue("\($0)".contains("more than the 2 HBM banks"), "\($0)") }
    }

    func testDimensionsComeFromTheTopKernel() throws {
        let shape = LlamaShape(dim: 48, hidden: 96, layers: 3, heads: 6, kvHeads: 2, vocab: 280, seqLen: 20)
        let kernel = try HostKernel(try BoundDesign.bind(try HostTestSupport.design(shape, groupSize: 8)))
        let binding = try LlamaHostBinding([kernel])
        XCTAssertEqual(binding.shape, HostModelShape(dim: 48, hiddenDim: 96, layers: 3, heads: 6, kvHeads: 2, vocab: 280, seqLen: 20))
        XCTAssertEqual(binding.groupSize, 8)
        XCTAssertEqual(kernel.arguments.map(\.index), Array(0..<kernel.arguments.count))
        // With four engines the matrices are packed and the cache split: the same dimensions.
        let engines = try LlamaForward.design(shape, weights: .q8(groupSize: 8), profile: .libm, schedule: .hardware, engines: 2)
        XCTAssertEqual(try LlamaHostBinding([try HostKernel(try BoundDesign.bind(engines))]).shape, binding.shape)
    }

    /// A design without roles is an EmitterError; roles that do not match the arguments are
    /// design problems found when the design is bound.
    func testDesignsWithoutValidRolesAreRejected() throws {
        let softmax = try DesignCatalog.designs(DesignParameters())[1]
        XCTAssertThrowsError(try HostEmitter.emit(try BoundDesign.bind(softmax))) { XCTAssertTrue("\($0)".contains("no roles"), "\($0)") }

        let real = try HostTestSupport.design(LlamaShape(dim: 16, hidden: 32, layers: 2, heads: 4, kvHeads: 2, vocab: 300, seqLen: 32))
        let top = real.topKernel
        // Drop wcls: its role names no argument.
        let withoutWcls = Kernel(name: top.name, parameters: top.parameters.filter { $0.name != "wcls" },
                                 buffers: top.buffers.filter { $0.name != "wcls" }, body: [])
        var withoutWclsSchedule = real.schedule
        withoutWclsSchedule.interfaces["forward.wcls"] = nil
        let broken = Design(top: real.top, kernels: real.kernels.filter { $0.name != top.name } + [withoutWcls],
                            schedule: withoutWclsSchedule, roles: real.roles)
        XCTAssertThrowsError(try BoundDesign.bind(broken)) { XCTAssertTrue("\($0)".contains("role for wcls, which is not an argument of forward"), "\($0)") }
        // Wrong element count for w2.
        let resized = top.buffers.map { b in
            b.name == "w2" ? Buffer(name: b.name, elementType: b.elementType, shape: [b.count + 1], kind: b.kind) : b
        }
        let wrong = Design(top: real.top, kernels: real.kernels.filter { $0.name != top.name }
                               + [Kernel(name: top.name, parameters: top.parameters, buffers: resized, body: [])],
                           schedule: real.schedule, roles: real.roles)
        XCTAssertThrowsError(try BoundDesign.bind(wrong)) { XCTAssertTrue("\($0)".contains("argument w2 has 1025 elements; its role needs 1024"), "\($0)") }
    }

    /// With a prefill design the host, the system build and the connectivity files name both
    /// kernels: every argument the prefill kernel shares with forward in forward's bank (one
    /// buffer serves both), its embedding rows gathered from the token table by the host.
    func testPrefillKernelJoinsTheAccelerator() throws {
        let shape = HostTestSupport.stories260K
        for (weights, style) in [(LlamaWeights.float, LlamaSchedule.reference), (.q8(groupSize: 4), .hardware)] {
            let forward = try BoundDesign.bind(try LlamaForward.design(shape, weights: weights, profile: .libm, schedule: style))
            let prefill = try BoundDesign.bind(try LlamaPrefill.design(shape, weights: weights, profile: .libm, schedule: style, block: 8,
                                                                       forward: forward.design.schedule))
            let f = Dictionary(uniqueKeysWithValues: try HostEmitter.emit(forward, prefill: prefill).map { ($0.path, $0.contents) })
            let host = try XCTUnwrap(f["host.cpp"])
            for line in ["#include \"prefill.h\"", "k_prefill.last_argument = 0;", "k_prefill.block = 8;", "k_prefill.max_pos = 504;",
                         "hlsgen::array_argument(5, \"embedded\", hlsgen::ArrayRole::gathered, hlsgen::ElementType::float32, 512, \"token_embedding\", 64)",
                         "prefill(s.last, s.pos, a.floats(\"logits\")", "list[1].call = call_prefill;"] {
                XCTAssertTrue(host.contains(line), line)
            }
            XCTAssertTrue(try XCTUnwrap(f["system.mk"]).contains("KERNELS := forward prefill\n"))
            for board in ["u280", "u250", "f1"] {
                let text = try XCTUnwrap(f["connectivity_\(board).cfg"])
                XCTAssertTrue(text.contains("nk=forward:1:forward_1\nnk=prefill:1:prefill_1\n"), board)
                var banks: [String: String] = [:]
                for line in text.split(separator: "\n") where line.hasPrefix("sp=") {
                    let parts = line.dropFirst(3).split(separator: ":", maxSplits: 1)
                    banks[String(parts[0])] = String(parts[1])
                }
                for p in prefill.design.topKernel.argumentBuffers.map(\.name) {
                    let bank = try XCTUnwrap(banks["prefill_1.\(p)"], "\(board) \(p)")
                    if let shared = banks["forward_1.\(p)"] { XCTAssertEqual(bank, shared, "\(board) \(p)") }
                }
                XCTAssertEqual(banks["prefill_1.embedded"], banks["forward_1.logits"], board)
            }
        }
        // A block design alone, or first, is not a host.
        let prefill = try BoundDesign.bind(try LlamaPrefill.design(shape, weights: .float, profile: .libm, block: 8))
        XCTAssertThrowsError(try HostEmitter.emit(prefill)) { XCTAssertTrue("\($0)".contains("one-token kernel"), "\($0)") }
    }

    func testHostTemplatesMatchTheirEmbeddedCopies() throws {
        let folder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Templates/host")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".template") }.sorted()
        XCTAssertEqual(names, EmbeddedTemplates.hostTexts.keys.sorted(), "run scripts/embed-templates.sh")
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            XCTAssertEqual(EmbeddedTemplates.hostTexts[name], text, "\(name) differs from its embedded copy; run scripts/embed-templates.sh")
        }
    }
}
