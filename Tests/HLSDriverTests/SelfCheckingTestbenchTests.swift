import Foundation
@testable import HLSDriver
import HLSEmitter
import HLSIR
import HLSLayers
import HLSTestSupport
import XCTest

/// The self-checking testbench as a user meets it: `make csim` in every committed Generated/
/// folder passes, one corrupted golden word fails with a non-zero exit, and inputs generated
/// from the seed in C++ are the ones the interpreter was given in Swift.
final class SelfCheckingTestbenchTests: XCTestCase {
    /// Every folder of Generated/ with a Makefile.
    private static func generatedFolders() throws -> [String] {
        let root = TestSupport.packageRoot + "/Generated"
        var out: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: root).sorted() {
            let dir = root + "/" + name
            if FileManager.default.fileExists(atPath: dir + "/Makefile") { out.append(dir); continue }
            for sub in try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
            where FileManager.default.fileExists(atPath: "\(dir)/\(sub)/Makefile") {
                out.append("\(dir)/\(sub)")
            }
        }
        return out
    }

    /// Copies a Generated/ folder to a scratch folder (so no binary lands in the repository) and
    /// runs `make csim` there, the Makefile finding the headers through HLSGEN_AP_TYPES.
    private static func makeCsim(_ folder: String, in work: String, headers: String, corrupt: ((String) throws -> Void)? = nil) throws -> CommandResult {
        let copy = work + "/" + folder.split(separator: "/").suffix(2).joined(separator: "-")
        try FileManager.default.copyItem(atPath: folder, toPath: copy)
        try corrupt?(copy)
        var env = ProcessInfo.processInfo.environment
        if (env["XILINX_HLS"] ?? "").isEmpty { env["HLSGEN_AP_TYPES"] = headers }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["make", "-s", "csim"]
        p.currentDirectoryURL = URL(fileURLWithPath: copy)
        p.environment = env
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CommandResult(status: p.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    func testMakeCsimPassesInEveryGeneratedFolder() throws {
        let compiler = try TestSupport.compiler()
        try CSimToolchain.require("make")
        let work = try TestSupport.temporaryDirectory(self)
        let folders = try Self.generatedFolders()
        XCTAssertTrue(folders.contains { $0.hasSuffix("Generated/default/rmsnorm") })
        XCTAssertTrue(folders.contains { $0.hasSuffix("Generated/stories260K-q80-hardware-exact") })
        XCTAssertTrue(folders.contains { $0.hasSuffix("Generated/stories260K-float-reference") })
        let results = Locked<[String: CommandResult]>([:])
        DispatchQueue.concurrentPerform(iterations: folders.count) { i in
            let r = Result { try Self.makeCsim(folders[i], in: work, headers: compiler.headers) }
            results.update { $0[folders[i]] = (try? r.get()) ?? CommandResult(status: -1, output: "\(r)") }
        }
        for folder in folders {
            let r = try XCTUnwrap(results.value[folder])
            let top = try String(contentsOfFile: folder + "/Makefile", encoding: .utf8)
                .split(separator: "\n").first { $0.hasPrefix("TOP := ") }.map { String($0.dropFirst(7)) } ?? "?"
            XCTAssertEqual(r.status, 0, "\(folder): \(r.output)")
            let last = r.output.split(separator: "\n").last.map(String.init) ?? ""
            XCTAssertTrue(last.hasPrefix("PASS \(top) ("), "\(folder): \(r.output)")
        }
    }

    func testOneCorruptGoldenWordFailsWithNonZeroExit() throws {
        let compiler = try TestSupport.compiler()
        try CSimToolchain.require("make")
        let work = try TestSupport.temporaryDirectory(self)
        for (folder, file, index, expected) in [
            ("Generated/default/rmsnorm", "o.golden.bin", 5, "FAIL rmsnorm: first mismatch at o[5]: got "),
            ("Generated/stories260K-q80-hardware-exact", "logits.golden.bin", 2 * 512 + 7,
             "FAIL forward: first mismatch at logits[2][7]: got "),
        ] {
            let r = try Self.makeCsim(TestSupport.packageRoot + "/" + folder, in: work, headers: compiler.headers) { copy in
                let url = URL(fileURLWithPath: copy + "/" + file)
                var bytes = [UInt8](try Data(contentsOf: url))
                bytes[4 * index] ^= 1   // the lowest bit of word `index`
                try Data(bytes).write(to: url)
            }
            XCTAssertNotEqual(r.status, 0, r.output)
            XCTAssertTrue(r.output.contains(expected), r.output)
            XCTAssertTrue(r.output.contains(" expected "), r.output)
            XCTAssertFalse(r.output.contains("PASS"), r.output)
        }
    }

    /// Random programs of every scalar type with seeded inputs: the testbench's C++ generator
    /// must give the inputs `RandomInputs.make` gave the interpreter, or the golden check fails.
    func testSeededInputsInCppMatchTheSwiftGenerator() throws {
        let compiler = try TestSupport.compiler()
        let work = try TestSupport.temporaryDirectory(self)
        var generator = RandomProgramGenerator(seed: 31)
        let designs = try (0..<8).map { i in try BoundDesign.bind(generator.design(named: "seeded\(i)")) }
        let verdicts = Locked<[String: Verdict]>([:])
        let failures = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: designs.count) { i in
            let d = designs[i]
            do {
                var plan = TestbenchPlan.files(for: d.design)
                plan.inputs = .seeded(seed: UInt64(100 + i), floatRange: 1)
                let dir = "\(work)/\(d.top)"
                try SimulationFiles.write(try Emitter.emit(d, testbench: plan) + (try TestbenchData.files(d, plan: plan, seed: 1)), into: dir)
                let stored = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".bin") }
                XCTAssertTrue(stored.allSatisfy { $0.hasSuffix(".golden.bin") }, "\(d.top) stores inputs: \(stored)")
                try compiler.compile(["\(dir)/\(d.top).cpp", "\(dir)/\(d.top)_tb.cpp"], output: "\(dir)/csim", includes: [dir])
                let r = try CommandRunner.run("\(dir)/csim", [dir])
                verdicts.update { $0[d.top] = Verdict.testbench(design: d.top, status: r.status, output: r.output) }
            } catch {
                failures.update { $0.append("\(d.top): \(error)") }
            }
        }
        XCTAssertEqual(failures.value, [])
        XCTAssertEqual(verdicts.value.count, designs.count)
        for (top, v) in verdicts.value { XCTAssertTrue(v.passed, "\(top): \(v)") }
    }

    func testForwardTestbenchRunsSeveralPositionsAndCosimulatesOnlySmallModels() throws {
        let small = LlamaShape(dim: 64, hidden: 172, layers: 5, heads: 8, kvHeads: 4, vocab: 512, seqLen: 512)
        let plan = try LlamaFiles.testbenchPlan(try LlamaForward.design(small, weights: .q8(groupSize: 4), profile: .libm,
                                                                        schedule: .reference), seed: 1)
        XCTAssertEqual(plan.calls.map { $0["pos"] }, [0, 1, 2, 3])
        XCTAssertTrue(plan.calls.allSatisfy { ($0["token"] ?? -1) >= 0 && ($0["token"] ?? 512) < 512 })
        XCTAssertEqual(plan.checked, ["logits"])
        XCTAssertTrue(plan.cosim)
        guard case .seeded = plan.inputs else { return XCTFail("a whole model stores no inputs") }
        let big = LlamaShape(dim: 288, hidden: 768, layers: 6, heads: 6, kvHeads: 6, vocab: 32000, seqLen: 256)
        XCTAssertFalse(try LlamaFiles.testbenchPlan(try LlamaForward.design(big, weights: .q8(groupSize: 32), profile: .libm,
                                                                             schedule: .reference), seed: 1).cosim)
    }

    func testVerdictReadsTheTestbenchLine() {
        let pass = Verdict.testbench(design: "mv", status: 0, output: "PASS mv_q8 (9 words)\nPASS mv (352 words)\n")
        XCTAssertEqual(pass.description, "PASS mv (352 output words bit-exact)")
        let fail = Verdict.testbench(design: "mv", status: 1, output: "FAIL mv: first mismatch at y[3]: got 1 expected 2\n")
        XCTAssertEqual(fail.description, "FAIL mv: first mismatch at y[3]: got 1 expected 2")
        XCTAssertFalse(Verdict.testbench(design: "mv", status: 1, output: "PASS mv (352 words)\n").passed, "PASS needs exit 0")
        let crash = Verdict.testbench(design: "mv", status: 1, output: "error: cannot open ./x.bin\n")
        XCTAssertEqual(crash.description, "FAIL mv: the C simulation exited with status 1: error: cannot open ./x.bin")
    }
}

/// A value shared by concurrent work.
private final class Locked<T>: @unchecked Sendable {
    private var v: T
    private let lock = NSLock()
    init(_ v: T) { self.v = v }
    var value: T {
        lock.lock()
        defer { lock.unlock() }
        return v
    }
    func update(_ f: (inout T) -> Void) {
        lock.lock()
        f(&v)
        lock.unlock()
    }
}
