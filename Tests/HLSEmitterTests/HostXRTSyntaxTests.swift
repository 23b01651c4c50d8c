import Foundation
import HLSEmitter
import HLSIR
import HLSLayers
import XCTest

/// The XRT variant of host.cpp cannot be built here (no XRT), so it is checked with
/// `g++ -fsyntax-only` against stub headers declaring exactly the XRT API it may use, with
/// XRT's signatures (so a misspelt call, a wrong argument type or an ambiguous device index
/// fails the test).
final class HostXRTSyntaxTests: XCTestCase {
    /// XRT's declarations as of XRT 2.16+ (xrt_device.h, xrt_hw_context.h, xrt_bo.h,
    /// xrt_kernel.h, detail/ert.h). Forms the host must not use are marked `[[deprecated]]`
    /// (the device-based kernel and buffer constructors: the host opens the kernel in a
    /// hardware context and allocates its buffers there), and `run::wait()` is
    /// `[[nodiscard]]` so a host that ignores the command state fails the check.
    private static let stubs: [String: String] = [
        "xrt/xrt_uuid.h": """
            #pragma once
            namespace xrt {
            class uuid {
            public:
                uuid();
            };
            }  // namespace xrt
            """,
        "xrt/xrt_device.h": """
            #pragma once
            #include <string>
            #include "xrt/xrt_uuid.h"
            typedef void* xclDeviceHandle;
            namespace xrt {
            class xclbin;
            class device {
            public:
                device();
                explicit device(unsigned int index);
                explicit device(const std::string& bdf);
                explicit device(int index);
                explicit device(xclDeviceHandle handle);
                uuid load_xclbin(const std::string& path);
                uuid load_xclbin(const xrt::xclbin& xclbin);
                uuid register_xclbin(const xrt::xclbin& xclbin);
            };
            }  // namespace xrt
            """,
        "xrt/xrt_hw_context.h": """
            #pragma once
            #include <cstdint>
            #include <map>
            #include <string>
            #include "xrt/xrt_device.h"
            #include "xrt/xrt_uuid.h"
            namespace xrt {
            class hw_context {
            public:
                using cfg_param_type = std::map<std::string, uint32_t>;
                enum class access_mode : uint8_t { exclusive = 0, shared = 1 };
                hw_context();
                hw_context(const xrt::device& device, const xrt::uuid& xclbin_id, const cfg_param_type& cfg_param);
                hw_context(const xrt::device& device, const xrt::uuid& xclbin_id, access_mode mode);
                hw_context(const xrt::device& device, const xrt::uuid& xclbin_id);
            };
            }  // namespace xrt
            """,
        "xrt/xrt_bo.h": """
            #pragma once
            #include <cstddef>
            #include <cstdint>
            #include "xrt/xrt_device.h"
            enum xclBOSyncDirection { XCL_BO_SYNC_BO_TO_DEVICE = 0, XCL_BO_SYNC_BO_FROM_DEVICE };
            namespace xrt {
            using memory_group = uint32_t;
            class hw_context;
            class bo {
            public:
                enum class flags : uint32_t { normal = 0 };
                bo();
                [[deprecated("allocate in the hardware context: bo(hw_context, size, group)")]]
                bo(const xrt::device& device, size_t size, memory_group group);
                [[deprecated("allocate in the hardware context: bo(hw_context, size, flags, group)")]]
                bo(const xrt::device& device, size_t size, bo::flags flags, memory_group group);
                bo(const xrt::hw_context& hwctx, size_t size, memory_group group);
                bo(const xrt::hw_context& hwctx, size_t size, bo::flags flags, memory_group group);
                bo(const bo& parent, size_t size, size_t offset);
                bo(const bo& other);
                bo& operator=(const bo& other);
                size_t size() const;
                void write(const void* src, size_t size, size_t seek);
                void write(const void* src);
                void read(void* dst, size_t size, size_t skip);
                void read(void* dst);
                void sync(xclBOSyncDirection dir, size_t size, size_t offset);
                void sync(xclBOSyncDirection dir);
                void* map();
                template <typename MapType> MapType map() { return reinterpret_cast<MapType>(map()); }
            };
            }  // namespace xrt
            """,
        "xrt/xrt_kernel.h": """
            #pragma once
            #include <chrono>
            #include <string>
            #include "xrt/xrt_bo.h"
            #include "xrt/xrt_device.h"
            #include "xrt/xrt_hw_context.h"
            #include "xrt/xrt_uuid.h"
            enum ert_cmd_state {
                ERT_CMD_STATE_NEW = 1, ERT_CMD_STATE_QUEUED = 2, ERT_CMD_STATE_RUNNING = 3, ERT_CMD_STATE_COMPLETED = 4,
                ERT_CMD_STATE_ERROR = 5, ERT_CMD_STATE_ABORT = 6, ERT_CMD_STATE_SUBMITTED = 7, ERT_CMD_STATE_TIMEOUT = 8,
                ERT_CMD_STATE_NORESPONSE = 9, ERT_CMD_STATE_SKERROR = 10, ERT_CMD_STATE_SKCRASHED = 11, ERT_CMD_STATE_MAX
            };
            namespace xrt {
            class kernel {
            public:
                enum class cu_access_mode : uint8_t { exclusive = 0, shared = 1, none = 2 };
                kernel();
                [[deprecated("open the kernel in a hardware context: kernel(hw_context, name)")]]
                kernel(const xrt::device& device, const xrt::uuid& xclbin_id, const std::string& name,
                       cu_access_mode mode = cu_access_mode::shared);
                kernel(const xrt::hw_context& ctx, const std::string& name);
                int group_id(int argno) const;
            };
            class run {
            public:
                run();
                explicit run(const kernel& k);
                template <typename ArgType> void set_arg(int index, ArgType&& arg);
                void set_arg(int index, xrt::bo& bo);
                void set_arg(int index, const xrt::bo& bo);
                void set_arg(int index, xrt::bo&& bo);
                void start();
                [[nodiscard]] ert_cmd_state wait(const std::chrono::milliseconds& timeout = std::chrono::milliseconds{0}) const;
                [[nodiscard]] ert_cmd_state wait(unsigned int timeout_ms) const;
                ert_cmd_state state() const;
            };
            }  // namespace xrt
            """,
    ]

    /// Writes the stub headers into `folder/stubs`.
    private func writeStubs(_ folder: URL) throws {
        for (path, text) in Self.stubs {
            let url = folder.appendingPathComponent("stubs/\(path)")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    func testXRTVariantPassesASyntaxCheck() throws {
        let (gxx, _) = try CompileSupport.toolchain()
        let folder = try CompileSupport.temporaryFolder("host-xrt")
        try writeStubs(folder)
        for (groupSize, block) in [(nil, nil), (4, nil), (4, 8)] as [(Int?, Int?)] {
            let design = try HostTestSupport.design(HostTestSupport.stories260K, groupSize: groupSize)
            let prefill = try block.map { b in
                try BoundDesign.bind(try LlamaPrefill.design(HostTestSupport.stories260K, weights: groupSize.map { .q8(groupSize: $0) } ?? .float,
                                                             profile: .libm, block: b))
            }
            try CompileSupport.write(try HostEmitter.emit(try BoundDesign.bind(design), prefill: prefill), to: folder)
            let r = try CompileSupport.run(gxx, ["-std=c++17", "-fsyntax-only", "-Wall", "-Wextra", "-Werror", "-isystem", "stubs", "host.cpp"],
                                           in: folder)
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertFalse(r.stderr.contains("warning:"), r.stderr)
            // The check can fail: without the stub headers the includes are missing.
            let without = try CompileSupport.run(gxx, ["-std=c++17", "-fsyntax-only", "host.cpp"], in: folder)
            XCTAssertNotEqual(without.status, 0)
        }
    }

    /// The llm.c GPT-2 host (gpt2.h) in its XRT variant, float and Q8_0.
    func testGPT2XRTVariantPassesASyntaxCheck() throws {
        let (gxx, _) = try CompileSupport.toolchain()
        let folder = try CompileSupport.temporaryFolder("host-xrt-gpt2")
        try writeStubs(folder)
        let shape = GPT2Shape(channels: 16, layers: 2, heads: 4, vocab: 50, paddedVocab: 56, seqLen: 8)
        for weights in [LlamaWeights.float, .q8(groupSize: 8)] {
            let design = try GPT2Forward.design(shape, weights: weights, profile: .libm, schedule: .hardware)
            try CompileSupport.write(try HostEmitter.emit(try BoundDesign.bind(design)), to: folder)
            let r = try CompileSupport.run(gxx, ["-std=c++17", "-fsyntax-only", "-Wall", "-Wextra", "-Werror", "-isystem", "stubs", "host.cpp"],
                                           in: folder)
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertFalse(r.stderr.contains("warning:"), r.stderr)
        }
    }

    /// The multi-device host (`HostEmitter.emitDevices`) in its XRT variant: Llama and GPT-2,
    /// float and Q8_0, on two and three devices (uneven splits: a role per device).
    func testMultiDeviceXRTVariantPassesASyntaxCheck() throws {
        let (gxx, _) = try CompileSupport.toolchain()
        let folder = try CompileSupport.temporaryFolder("host-xrt-devices")
        try writeStubs(folder)
        let llama = LlamaShape(dim: 64, hidden: 128, layers: 2, heads: 8, kvHeads: 4, vocab: 96, seqLen: 16)
        let gpt2 = GPT2Shape(channels: 48, layers: 2, heads: 3, vocab: 50, paddedVocab: 64, seqLen: 8)
        for weights in [LlamaWeights.float, .q8(groupSize: 16)] {
            for n in [2, 3] {
                let designs = try (0..<n).map { e in try BoundDesign.bind(try LlamaDevices.design(llama, weights: weights, profile: .libm, devices: n, device: e)) }
                    + (0..<n).map { e in try BoundDesign.bind(try GPT2Devices.design(gpt2, weights: weights, profile: .libm, devices: n, device: e)) }
                for devices in [Array(designs[..<n]), Array(designs[n...])] {
                    // The host's files (the connectivity files go in the role folders).
                    try CompileSupport.write(try HostEmitter.emitDevices(devices, name: "split").filter { !$0.path.contains("/") }, to: folder)
                    let r = try CompileSupport.run(gxx, ["-std=c++17", "-fsyntax-only", "-Wall", "-Wextra", "-Werror", "-isystem", "stubs", "host.cpp"],
                                                   in: folder)
                    XCTAssertEqual(r.status, 0, r.stderr)
                    XCTAssertFalse(r.stderr.contains("warning:"), r.stderr)
                }
            }
        }
    }

    /// The stubs catch what they are meant to: the deprecated device-based forms and an
    /// ignored command state fail the check under -Werror.
    func testStubsRejectTheFormsTheHostMustNotUse() throws {
        let (gxx, _) = try CompileSupport.toolchain()
        let folder = try CompileSupport.temporaryFolder("host-xrt-stubs")
        try writeStubs(folder)
        let prelude = "#include <xrt/xrt_kernel.h>\nvoid f(xrt::device& d, xrt::uuid& u, xrt::hw_context& c, xrt::run& r) {\n"
        let cases = [
            "xrt::kernel k(d, u, \"forward\"); (void)k; (void)c; (void)r;": "deprecated",
            "xrt::bo b(d, 64, 0); (void)b; (void)u; (void)c; (void)r;": "deprecated",
            "r.wait(); (void)d; (void)u; (void)c;": "nodiscard",
            "xrt::kernel k(c, \"forward\"); xrt::bo b(c, 64, k.group_id(0)); (void)d; (void)u;"
                + " if (r.wait() != ERT_CMD_STATE_COMPLETED) return;": "",
        ]
        for (body, expected) in cases {
            try (prelude + body + "\n}\n").write(to: folder.appendingPathComponent("use.cpp"), atomically: true, encoding: .utf8)
            let r = try CompileSupport.run(gxx, ["-std=c++17", "-fsyntax-only", "-Wall", "-Wextra", "-Werror", "-isystem", "stubs", "use.cpp"],
                                           in: folder)
            if expected.isEmpty {
                XCTAssertEqual(r.status, 0, "\(body): \(r.stderr)")
            } else {
                XCTAssertNotEqual(r.status, 0, body)
                XCTAssertTrue(r.stderr.contains(expected), "\(body): \(r.stderr)")
            }
        }
    }
}
