import Foundation
import HLSDriver
import XCTest

/// g++ and Xilinx's ap_types headers for tests that compile C simulations, found exactly as
/// `hlsgen` finds them (`APTypesHeaders.locate`: `$XILINX_HLS/include`, `$HLSGEN_AP_TYPES`,
/// then the cache, fetching into it when needed).
///
/// Without them a test is skipped, unless `HLSGEN_REQUIRE_CSIM=1` (set by `.ci/run`): then the
/// test fails, so a run that lost its C simulations can never be green.
package enum CSimToolchain {
    package struct Missing: Error, CustomStringConvertible {
        package let description: String
    }

    /// True when `HLSGEN_REQUIRE_CSIM` is `1`.
    package static var required: Bool { ProcessInfo.processInfo.environment["HLSGEN_REQUIRE_CSIM"] == "1" }

    /// A compiler for C simulations, or a skip (a failure when they are required).
    package static func compiler() throws -> CSimCompiler {
        guard CommandRunner.available("g++") else { throw unavailable("g++ is not installed") }
        do {
            return CSimCompiler(headers: try APTypesHeaders.locate())
        } catch {
            throw unavailable("ap_types headers unavailable: \(error)")
        }
    }

    /// The path of g++ and the ap_types include folder, for tests that run g++ themselves.
    package static func paths() throws -> (gxx: String, apTypes: String) {
        let compiler = try compiler()
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(dir)/g++"
            if FileManager.default.isExecutableFile(atPath: candidate) { return (candidate, compiler.headers) }
        }
        throw unavailable("g++ is not on PATH")
    }

    /// Skips (fails when required) unless the program `name` is on PATH, e.g. `make`.
    package static func require(_ name: String) throws {
        guard CommandRunner.available(name) else { throw unavailable("\(name) is not installed") }
    }

    private static func unavailable(_ why: String) -> Error {
        if required { return Missing(description: "HLSGEN_REQUIRE_CSIM=1 but the C simulation cannot run: \(why)") }
        return XCTSkip(why)
    }
}
