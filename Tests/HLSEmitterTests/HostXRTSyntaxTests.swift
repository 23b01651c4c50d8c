import Foundation
import HLSEmitter
import HLSIR
import XCTest

/// The XRT variant of host.cpp cannot be built here (no XRT), so it is checked with
/// `g++ -fsyntax-only` against stub headers declaring exactly the XRT API it may use, with
/// XRT's signatures (so a misspelt call, a wrong argument type or an ambiguous device index
/// fails the test).
final class HostXRTSyntaxTests: XCTestCase {
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
            class device {
            public:
                device();
                explicit device(unsigned int index);
                explicit device(const std::string& bdf);
                device(xclDeviceHandle handle);
                uuid load_xclbin(const std::string& path);
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
            class bo {
            public:
                bo();
                bo(const xrt::device& device, size_t size, memory_group group);
                void write(const void* src, size_t size, size_t seek);
                void write(const void* src);
                void read(void* dst, size_t size, size_t skip);
                void read(void* dst);
                void sync(xclBOSyncDirection dir);
            };
            }  // namespace xrt
            """,
        "xrt/xrt_kernel.h": """
            #pragma once
            #include <string>
            #include "xrt/xrt_bo.h"
            #include "xrt/xrt_device.h"
            #include "xrt/xrt_uuid.h"
            enum ert_cmd_state { ERT_CMD_STATE_COMPLETED = 4 };
            namespace xrt {
            class kernel {
            public:
                kernel();
                kernel(const xrt::device& device, const xrt::uuid& xclbin_id, const std::string& name);
                int group_id(int argno) const;
            };
            class run {
            public:
                run();
                explicit run(const kernel& k);
                template <typename ArgType> void set_arg(int index, ArgType&& arg);
                void start();
                ert_cmd_state wait();
            };
            }  // namespace xrt
            """,
    ]

    func testXRTVariantPassesASyntaxCheck() throws {
        let (gxx, _) = try CompileSupport.toolchain()
        let folder = try CompileSupport.temporaryFolder("host-xrt")
        for (path, text) in Self.stubs {
            let url = folder.appendingPathComponent("stubs/\(path)")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        for groupSize in [nil, 4] as [Int?] {
            let design = try HostTestSupport.design(HostTestSupport.stories260K, groupSize: groupSize)
            try CompileSupport.write(try HostEmitter.emit(try BoundDesign.bind(design)), to: folder)
            let r = try CompileSupport.run(gxx, ["-std=c++17", "-fsyntax-only", "-Wall", "-Wextra", "-isystem", "stubs", "host.cpp"], in: folder)
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertFalse(r.stderr.contains("warning:"), r.stderr)
            // The check can fail: without the stub headers the includes are missing.
            let without = try CompileSupport.run(gxx, ["-std=c++17", "-fsyntax-only", "host.cpp"], in: folder)
            XCTAssertNotEqual(without.status, 0)
        }
    }
}
