import Foundation
import HLSEmitter
import HLSEstimator
import HLSIR

/// `hlsgen generate --checkpoint C` and `hlsgen verify --checkpoint C`: the forward design
/// for the checkpoint's dimensions, written as kernel, testbench, build and host files to
/// `Generated/<checkpoint name>-<float|q80>-<schedule>/` (or `--output`), the HLS build files
/// naming the part of `--board` (default u250) at `--clock` (default 300 MHz), with the
/// self-checking testbench's golden logits for inputs from `--seed` (default 1); `verify` then
/// compiles that testbench with g++ and runs it in the folder, as `make csim` does.
enum LlamaDesignCommands {
    /// Writes the design's files into one folder, all or nothing; returns the folder.
    /// `block`: the prefill design's block (`--prefill B`), whose kernel joins the accelerator.
    static func write(_ request: LlamaDesignRequest, output: String?, target: BuildTarget,
                      seed: UInt64, block: Int? = nil) throws -> (BoundDesign, String) {
        let design: BoundDesign, files: [EmittedFile], folderName: String
        if ModelKind.detect(request.checkpoint) == .gpt2 {
            // GPT-2: the kernel, testbench, build files and the llm.c host program (gpt2.h).
            if block != nil { throw DriverError("option --prefill is not yet supported for GPT-2 checkpoints") }
            if request.integer {
                let m = try request.loadGPT2Integer()
                let d = try BoundDesign.binding(m.design)
                let files = try LlamaFiles.emitInteger(d, target: target, seed: seed)
                return try place(files, d, output ?? "Generated/\(request.gpt2FolderName(m.model, m.design))")
            }
            let (model, d) = try request.loadGPT2()
            (design, folderName) = (d, request.gpt2FolderName(model, d.design))
            files = try LlamaFiles.emit(design, target: target, testbenchSeed: seed)
        } else {
            let (model, d) = try request.load()
            if request.integer {
                if block != nil { throw DriverError("option --prefill is not available with --profile integer") }
                let files = try LlamaFiles.emitInteger(d, target: target, seed: seed)
                return try place(files, d, output ?? "Generated/\(request.folderName(model, d.design))")
            }
            var prefill: BoundDesign?
            if let block {
                guard block <= model.config.seqLen else {
                    throw DriverError("option --prefill is '\(block)'; expected a block of 1 ... seq_len \(model.config.seqLen) tokens")
                }
                prefill = try BoundDesign.binding(try request.prefillDesign(model, block: block, forward: d.design))
            }
            (design, folderName) = (d, request.folderName(model, d.design) + (block.map { "-p\($0)" } ?? ""))
            files = try LlamaFiles.emit(design, prefill: prefill, target: target, testbenchSeed: seed)
        }
        return try place(files, design, output ?? "Generated/\(folderName)")
    }

    /// Writes `files` into `folder`, all or nothing.
    private static func place(_ files: [EmittedFile], _ design: BoundDesign, _ folder: String) throws -> (BoundDesign, String) {
        let standardized = (folder as NSString).standardizingPath
        let parent = (standardized as NSString).deletingLastPathComponent
        let name = (standardized as NSString).lastPathComponent
        try Generator.write([(name, files)], to: parent.isEmpty ? "." : parent)
        return (design, standardized)
    }

    static func generate(_ a: Arguments, _ print: (String) -> Void) throws -> Int32 {
        let target = try TargetOptions(a, boards: Device.boards, defaultBoard: TargetOptions.defaultGenerateBoard)
        let seed = try a.positiveInt("--seed", default: 1)
        let block: Int? = a.value("--prefill") == nil ? nil : try a.positiveInt("--prefill", default: 1)
        if a.value("--devices") != nil {
            if block != nil { throw DriverError("option --prefill with --devices: the prefill stage runs on one device for now") }
            let n = try a.positiveInt("--devices", default: 1)
            let (name, designs) = try DeviceFiles.designs(try LlamaDesignRequest(a), devices: n)
            let files = try DeviceFiles.emit(designs, name: name, target: target.buildTarget, seed: UInt64(seed))
            let folder = ((a.value("--output") ?? "Generated/\(name)") as NSString).standardizingPath
            let parent = (folder as NSString).deletingLastPathComponent
            _ = try Generator.write([((folder as NSString).lastPathComponent, files)], to: parent.isEmpty ? "." : parent)
            for role in DeviceRole.roles(of: try designs.map { d throws in try BoundDesign.binding(d) }) {
                print("generated device kernel for devices \(role.devices.lowerBound)…\(role.devices.upperBound) into \(folder)/\(role.folder)")
            }
            print("generated the host of \(n) devices into \(folder) (make -f system.mk csim-host)")
            return 0
        }
        let (design, folder) = try write(try LlamaDesignRequest(a), output: a.value("--output"), target: target.buildTarget,
                                         seed: UInt64(seed), block: block)
        let profile = try LlamaDesignRequest(a).profileName(design.design)
        print("generated \(design.top) (\(profile) profile) into \(folder)")
        return 0
    }

    /// `progress` receives one line per stage (standard error on the command line): a whole
    /// model takes a while to compile and run.
    static func verify(_ a: Arguments, _ print: (String) -> Void, progress: (String) -> Void = { _ in }) throws -> Int32 {
        let seed = try a.positiveInt("--seed", default: 1)
        let request = try LlamaDesignRequest(a)
        let target = try TargetOptions(a, boards: Device.boards, defaultBoard: TargetOptions.defaultGenerateBoard)
        let headers = try APTypesHeaders.locate()
        progress("verify: loading the checkpoint, generating the forward design and its golden logits with the interpreter")
        let block: Int? = a.value("--prefill") == nil ? nil : try a.positiveInt("--prefill", default: 1)
        let (design, folder) = try write(request, output: a.value("--output"), target: target.buildTarget, seed: UInt64(seed), block: block)
        progress("verify: compiling the C simulation with g++ and running its self-checking testbench")
        let work = NSTemporaryDirectory() + "hlsgen-verify-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: work) }
        let verifier = Verifier(compiler: CSimCompiler(headers: headers), seed: UInt64(seed))
        let verdicts = try verifier.verify([design], folders: [design.top: folder], work: work)
        print("generated \(design.top) into \(folder)")
        for v in verdicts { print("\(v)") }
        let failed = verdicts.filter { !$0.passed }.count
        print("\(verdicts.count - failed) passed, \(failed) failed")
        return failed == 0 ? 0 : 1
    }
}
