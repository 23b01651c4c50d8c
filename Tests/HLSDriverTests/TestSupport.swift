import Foundation
import HLSDriver
import HLSTestSupport
import XCTest

/// Shared set-up for tests that compile C simulations.
enum TestSupport {
    /// The C-simulation compiler; skips the test when impossible (fails it under
    /// `HLSGEN_REQUIRE_CSIM=1`).
    static func compiler() throws -> CSimCompiler { try CSimToolchain.compiler() }

    /// A fresh temporary folder, removed at the end of the test.
    static func temporaryDirectory(_ test: XCTestCase, _ name: String = #function) throws -> String {
        let clean = name.filter { $0.isLetter || $0.isNumber }
        let dir = NSTemporaryDirectory() + "hlsgen-test-\(clean)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    /// The package root (this file is Tests/HLSDriverTests/TestSupport.swift).
    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }
}
