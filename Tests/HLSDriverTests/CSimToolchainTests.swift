import Foundation
import HLSTestSupport
import XCTest

/// Without g++ or the headers a C-simulation test is skipped, except under
/// `HLSGEN_REQUIRE_CSIM=1` (as in .ci/run), where it must fail: CI can never be green without
/// its differential coverage.
final class CSimToolchainTests: XCTestCase {
    /// Runs `body` with environment variables set, restoring them afterwards.
    private func with(_ env: [String: String?], _ body: () throws -> Void) rethrows {
        let saved = env.keys.map { ($0, ProcessInfo.processInfo.environment[$0]) }
        for (k, v) in env { if let v { setenv(k, v, 1) } else { unsetenv(k) } }
        defer { for (k, v) in saved { if let v { setenv(k, v, 1) } else { unsetenv(k) } } }
        try body()
    }

    func testMissingHeadersSkipWhenNotRequired() throws {
        try with(["HLSGEN_REQUIRE_CSIM": nil, "XILINX_HLS": "/nonexistent/hlsgen-test"]) {
            XCTAssertThrowsError(try CSimToolchain.compiler()) { e in
                XCTAssertTrue(e is XCTSkip, "\(e)")
            }
        }
    }

    func testMissingHeadersFailWhenRequired() throws {
        try with(["HLSGEN_REQUIRE_CSIM": "1", "XILINX_HLS": "/nonexistent/hlsgen-test"]) {
            XCTAssertThrowsError(try CSimToolchain.compiler()) { e in
                XCTAssertFalse(e is XCTSkip, "\(e)")
                XCTAssertTrue("\(e)".contains("HLSGEN_REQUIRE_CSIM=1"), "\(e)")
                XCTAssertTrue("\(e)".contains("XILINX_HLS"), "\(e)")
            }
        }
    }

    /// The test helpers find the headers where the tool does: `$HLSGEN_AP_TYPES` wins over the cache.
    func testHeadersAreFoundAsTheToolFindsThem() throws {
        let found = try CSimToolchain.compiler().headers
        try with(["XILINX_HLS": nil, "HLSGEN_AP_TYPES": found]) {
            XCTAssertEqual(try CSimToolchain.compiler().headers, found)
        }
    }
}
