import Foundation
import HLSEstimator

/// `hlsgen report [selection] [--board B] [--clock MHz] [--explore [--max-util F]]
/// [--accuracy [--positions N] [--tokenizer T [--prompts F]]] --output DIR`: estimates as
/// `estimate` does and writes one self-contained HTML page, `DIR/<name>-report.html`; with
/// `--explore` the page adds the design-space exploration of `hlsgen explore` (its Pareto chart
/// and the best point's config), with `--accuracy` (a float `--checkpoint`; GPT-2 prompts with `--tiktoken`) the
/// accuracy of `hlsgen accuracy` for the same `--quantize`, `--group-size` and `--profile`.
enum ReportCommand {
    static let accuracyOptions: Set<String> = ["--positions", "--tokenizer", "--prompts", "--tiktoken"]
    static let valued = DesignSelection.valued.union(TargetOptions.valued).union(["--output", "--max-util"]).union(accuracyOptions)
    static let flags = DesignSelection.flags.union(["--explore", "--accuracy"])

    static func run(_ a: Arguments, output: (String) -> Void, progress: (String) -> Void) throws -> Int32 {
        guard let directory = a.value("--output") else {
            throw DriverError("option --output is required (the folder the report is written to)")
        }
        let target = try TargetOptions(a, boards: Device.boards)
        let selection = try DesignSelection(a)
        if a.value("--max-util") != nil && !a.flag("--explore") {
            throw DriverError("option --max-util needs --explore (it limits the design-space exploration)")
        }
        let maxUtil = try ExploreOptions.maxUtil(a)
        try checkAccuracyOptions(a)
        try checkDirectory(directory)
        let log = selection.isModel ? progress : { _ in }
        let run = try Estimation.run(selection, target, progress: log)
        let name = selection.reportName(run.designs.map(\.name))
        let exploration = a.flag("--explore") ? try Exploration.run(selection, target, maxUtil: maxUtil, progress: progress) : nil
        let accuracy = a.flag("--accuracy") ? try AccuracyCommand.measure(a, progress: progress) : nil
        log("writing the report…")
        let page = ReportPage.document(run, name: name, exploration: exploration, accuracy: accuracy)
        let path = (directory as NSString).appendingPathComponent("\(name)-report.html")
        try write(page, to: path)
        output("wrote \(path)")
        return 0
    }

    /// `--accuracy` needs a float checkpoint (llama2.c or llm.c GPT-2); its options need it.
    static func checkAccuracyOptions(_ a: Arguments) throws(DriverError) {
        guard a.flag("--accuracy") else {
            if let o = accuracyOptions.sorted().first(where: { a.value($0) != nil }) {
                throw DriverError("option \(o) needs --accuracy (it sets the accuracy measurement)")
            }
            return
        }
        guard a.value("--checkpoint") != nil else {
            throw DriverError("option --accuracy needs --checkpoint (a float llama2.c or llm.c GPT-2 checkpoint to measure against)")
        }
    }

    /// The output folder must be a folder when it exists.
    static func checkDirectory(_ directory: String) throws(DriverError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw DriverError("--output \(directory) is a file; expected a folder")
        }
    }

    /// Writes `text` to a temporary file beside `path` and renames it into place, so `path`
    /// holds either its old content or the whole page; a folder it had to create is removed
    /// again when the write fails.
    static func write(_ text: String, to path: String) throws(DriverError) {
        let fm = FileManager.default
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = (directory as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).\(UUID().uuidString.prefix(8)).tmp")
        let created = !fm.fileExists(atPath: directory)
        func cleanUp() {
            try? fm.removeItem(atPath: temporary)
            if created { try? fm.removeItem(atPath: directory) }
        }
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path) == 0 else {
                throw DriverError("cannot write \(path): \(String(cString: strerror(errno)))")
            }
        } catch let e as DriverError {
            cleanUp()
            throw e
        } catch {
            cleanUp()
            throw DriverError("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
