import Foundation
import HLSIR
import HLSEmitter
import HLSTestSupport
import XCTest

/// Compiling and running generated C++ with g++ and Xilinx's ap_types headers.
enum CompileSupport {
    static let flags = ["-std=c++14", "-O2", "-ffp-contract=off", "-Wall"]

    /// g++ and the ap_types folder, found as `hlsgen` finds them; a skip naming what is
    /// missing (a failure under `HLSGEN_REQUIRE_CSIM=1`).
    static func toolchain() throws -> (gxx: String, apTypes: String) { try CSimToolchain.paths() }

    static func temporaryFolder(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hlsgen-emit-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ files: [EmittedFile], to folder: URL) throws {
        for f in files { try Data(f.bytes).write(to: folder.appendingPathComponent(f.path)) }
    }

    /// Compiles `sources` into `folder/binary`; fails the test with g++'s output on error and
    /// returns the diagnostics (warnings) otherwise.
    @discardableResult
    static func compile(_ sources: [String], in folder: URL, binary: String) throws -> String {
        let (gxx, apTypes) = try toolchain()
        let result = try run(gxx, flags + ["-isystem", apTypes, "-o", binary] + sources + ["-lm"], in: folder)
        if result.status != 0 { XCTFail("g++ failed:\n\(result.stderr)") }
        return result.stderr
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs a program; its output goes through files so a chatty compiler cannot fill a pipe.
    static func run(_ executable: String, _ arguments: [String], in folder: URL) throws -> Result {
        let outURL = FileManager.default.temporaryDirectory.appendingPathComponent("hlsgen-emit-\(UUID().uuidString).out")
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("hlsgen-emit-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        p.currentDirectoryURL = folder
        p.standardOutput = out
        p.standardError = err
        try p.run()
        p.waitUntilExit()
        try out.close()
        try err.close()
        return Result(status: p.terminationStatus,
                      stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    /// Warnings about the generated code itself: g++ -Wall also reports the HLS pragmas it
    /// ignores, unused loop labels and notes from inside the ap_types headers, which are expected.
    static func seriousWarnings(_ diagnostics: String) -> [String] {
        diagnostics.split(separator: "\n").map(String.init).filter {
            $0.contains("warning:") && !$0.contains("-Wunknown-pragmas") && !$0.contains("-Wunused-label") && !$0.contains("/ap_types/")
        }
    }

    /// Writes `<name>.bin` for each argument value in the testbench protocol.
    static func writeInputs(_ values: [String: (BufferData, ScalarType)], to folder: URL) throws {
        for (name, (data, type)) in values {
            try Data(BinaryFormat.encode(data, as: type)).write(to: folder.appendingPathComponent("\(name).bin"))
        }
    }

    /// Writes `<name>.golden.bin`: the values the self-checking testbench must compute.
    static func writeGolden(_ name: String, _ type: ScalarType, _ data: BufferData, in folder: URL) throws {
        try Data(BinaryFormat.encode(data, as: type)).write(to: folder.appendingPathComponent("\(name).golden.bin"))
    }
}
