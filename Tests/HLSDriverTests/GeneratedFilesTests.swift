import CustomLayer
import Foundation
import HLSConfig
import HLSDriver
import HLSIR
import HLSLayers
import XCTest

/// Generated/ holds the committed output for the default design and every example; this test
/// regenerates each in memory and fails on any difference (run `scripts/regenerate.sh` after
/// changing the emitter or a layer).
final class GeneratedFilesTests: XCTestCase {
    func testGeneratedFolderIsUpToDate() throws {
        let root = TestSupport.packageRoot
        var expected: [String: [String: [UInt8]]] = [:]   // Generated/<name> → relative path → bytes
        func add(_ name: String, _ designs: [Design]) throws {
            for (top, files) in try Generator.emit(try (designs).map { try BoundDesign.bind($0) }) {
                for f in files { expected["Generated/\(name)", default: [:]]["\(top)/\(f.path)"] = f.bytes }
            }
        }
        try add("default", try Configuration.default.designs())
        let examples = try FileManager.default.contentsOfDirectory(atPath: root + "/examples")
            .filter { $0.hasSuffix(".json") }.sorted()
        XCTAssertFalse(examples.isEmpty, "examples/ has no config files")
        for file in examples {
            let config = try Configuration.load(path: root + "/examples/" + file)
            try add(String(file.dropLast(5)), try config.designs())
        }
        try add("custom_layer", [try customLayerDesign()])
        // stories260K's whole-model designs, from its shape (no checkpoint file needed).
        let stories = LlamaShape(dim: 64, hidden: 172, layers: 5, heads: 8, kvHeads: 4, vocab: 512, seqLen: 512)
        for (folder, design) in [
            ("stories260K-float-reference", try LlamaForward.design(stories, weights: .float, profile: .libm, schedule: .reference)),
            ("stories260K-q80-hardware-exact",
             try LlamaForward.design(stories, weights: .q8(groupSize: 4), profile: .exact, schedule: .hardware)),
            ("stories260K-q80-hardware-e4-exact",
             try LlamaForward.design(stories, weights: .q8(groupSize: 4), profile: .exact, schedule: .hardware, engines: 4)),
        ] {
            for f in try LlamaFiles.emit(try BoundDesign.bind(design), testbenchSeed: 1) {
                expected["Generated/\(folder)", default: [:]][f.path] = f.bytes
            }
        }

        // gpt2_tiny's shape (with the llm.c host program), from its shape alone.
        let gpt2Tiny = GPT2Shape(channels: 64, layers: 2, heads: 4, vocab: 50257, paddedVocab: 50304, seqLen: 128)
        let gpt2 = try GPT2Forward.design(gpt2Tiny, weights: .q8(groupSize: 64), profile: .exact, schedule: .hardware)
        for f in try LlamaFiles.emit(try BoundDesign.bind(gpt2), testbenchSeed: 1) {
            expected["Generated/gpt2_tiny-q80-hardware-exact", default: [:]][f.path] = f.bytes
        }

        // The same split over 2 devices: equal slices, so one device kernel (device0-1/), and
        // the multi-device host beside it.
        let devices = try (0..<2).map { e in
            try GPT2Devices.design(gpt2Tiny, weights: .q8(groupSize: 64), profile: .exact, schedule: .hardware, devices: 2, device: e)
        }
        let split = try DeviceFiles.emit(devices, name: "gpt2_tiny-q80-hardware-exact-d2", target: .standard, seed: 1)
        XCTAssertTrue(split.contains { $0.path == "device0-1/device.cpp" }, "gpt2_tiny's two devices hold equal slices: one role")
        for f in split { expected["Generated/gpt2_tiny-q80-hardware-exact-d2", default: [:]][f.path] = f.bytes }

        for (folder, files) in expected.sorted(by: { $0.key < $1.key }) {
            let dir = root + "/" + folder
            let onDisk = Set((FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? [])
                .filter { !isDirectory(dir + "/" + $0) && !isBuildProduct($0) })
            XCTAssertEqual(onDisk, Set(files.keys), "\(folder): files differ; run scripts/regenerate.sh")
            for (path, contents) in files {
                let actual = FileManager.default.contents(atPath: dir + "/" + path).map { [UInt8]($0) }
                XCTAssertTrue(actual == contents, "\(folder)/\(path) is stale; run scripts/regenerate.sh")
            }
        }
    }

    /// What the generated Makefile builds (`make csim`, `make hls`, ...); ignored like in .gitignore.
    private func isBuildProduct(_ path: String) -> Bool {
        path.hasSuffix("_csim") || path.hasSuffix(".log") || path.hasSuffix(".xo") || path.hasSuffix(".o") || path.hasSuffix("_host")
            || path.split(separator: "/").contains { $0.hasSuffix("_prj") || $0.hasSuffix("_hls") }
    }

    private func isDirectory(_ path: String) -> Bool {
        var d: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &d) && d.boolValue
    }
}
