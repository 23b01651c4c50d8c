import Foundation

/// `hlsgen explore (--checkpoint C … | --shape S … | --config F) --board B [--clock MHz]
/// [--max-util F] [--output FILE] [--json]`: searches the schedule's knobs with the
/// estimator (docs/explore.md), prints the Pareto front and the best point, and writes the
/// best point as a config file, atomically.
enum ExploreCommand {
    static let valued = ExploreOptions.valued
    static let flags = ExploreOptions.flags

    static func run(_ a: Arguments, output: (String) -> Void, progress: (String) -> Void) throws -> Int32 {
        let options = try ExploreOptions(a)
        let x = try Exploration.run(options.selection, options.target, maxUtil: options.maxUtil, progress: progress)
        let path = options.output ?? "explore-\(x.name).json"
        if options.output == nil { try ExploreOptions.checkWritable(path) }
        try ReportCommand.write(x.config, to: path)
        if a.flag("--json") {
            output(try ExploreJSON.text(x, wrote: path))
        } else {
            for line in ExploreText.lines(x, wrote: path) { output(line) }
        }
        return 0
    }
}
