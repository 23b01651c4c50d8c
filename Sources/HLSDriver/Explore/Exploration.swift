import Foundation
import HLSConfig
import HLSEstimator
import HLSIR
import HLSLayers

/// The step `explore` and `report --explore` share: build the selected designs, discover
/// their knobs, run the beam search from the starting schedule and keep the Pareto front of
/// the feasible points and the best one's config file text.
struct Exploration {
    var name: String
    var summary: String
    var isModel: Bool
    var device: Device
    var clockMHz: Double
    var maxUtil: Double
    var knobs: [Knob]
    var start: DesignPoint
    var best: DesignPoint
    var front: [DesignPoint]
    /// Every feasible point evaluated, best first.
    var explored: [DesignPoint]
    var rounds: Int
    var evaluations: Int
    var seconds: Double
    /// The best point as a config file.
    var config: String
    /// How to use the written config (`hlsgen generate --checkpoint C --schedule hardware --config F`).
    var usage: String

    /// One beam search over the schedule of one set of designs.
    struct Search {
        var designs: [SelectedDesign]
        var engines: Int
        var start: DesignPoint
        var knobs: [Knob]
        var result: BeamSearch.Result
    }

    static func run(_ selection: DesignSelection, _ target: TargetOptions, maxUtil: Double,
                    progress: (String) -> Void) throws -> Exploration {
        let clock = Date()
        // A whole model whose engine count is free: every count the shape allows, up to the
        // board's memory banks, each with its own schedule search.
        var searches: [Search] = []
        if let shape = try selection.modelShape(), try selection.withEngines(1) != nil {
            let banks = target.device.memory.first?.banks ?? 1
            for e in [1, 2, 4, 8, 16, 32] where e <= banks && LlamaForward.engineProblems(shape, engines: e, schedule: .hardware).isEmpty {
                guard let s = try selection.withEngines(e) else { continue }
                searches.append(try search(s, engines: e, target, maxUtil: maxUtil, progress: progress))
            }
        } else {
            searches.append(try search(selection, engines: 1, target, maxUtil: maxUtil, progress: progress))
        }
        let first = searches[0]
        let name = selection.reportName(first.designs.map(\.name))
        var feasible = searches.flatMap(\.result.feasible)
        feasible.sort(by: DesignPoint.before)
        guard let best = feasible.first else {
            throw DriverError("no schedule of \(name) fits in \(Quantities.share(maxUtil)) of \(target.device.name): "
                              + "the start uses \(ExploreText.share(first.start.scarcest)) and no move found a smaller one; raise --max-util")
        }
        let chosen = searches.first { $0.engines == best.engines } ?? first
        let (config, command) = try configText(best, selection: selection, profile: chosen.designs[0].design.profile)
        // The build files of `generate` name the board's part at the clock the search used.
        let usage = command + " --board \(target.device.name)"
            + (target.clockMHz == TargetOptions.defaultClockMHz ? "" : " --clock \(Quantities.megahertz(target.clockMHz))")
        return Exploration(name: name, summary: chosen.designs.map(\.summary).joined(separator: "; "), isModel: first.designs[0].isModel,
                           device: target.device, clockMHz: target.clockMHz, maxUtil: maxUtil, knobs: chosen.knobs, start: first.start,
                           best: best, front: ParetoFront.of(feasible), explored: feasible,
                           rounds: searches.map(\.result.rounds).max() ?? 0, evaluations: searches.reduce(0) { $0 + $1.result.evaluations },
                           seconds: Date().timeIntervalSince(clock), config: config, usage: usage)
    }

    /// The beam search over the schedule of `selection`'s designs (built with `engines` engines).
    static func search(_ selection: DesignSelection, engines: Int, _ target: TargetOptions, maxUtil: Double,
                       progress: (String) -> Void) throws -> Search {
        let designs = try selection.designs(progress: progress)
        guard !designs.isEmpty else { throw DriverError("nothing to explore: the selection has no design") }
        let isModel = designs[0].isModel
        let name = selection.reportName(designs.map(\.name))
        let evaluator = PointEvaluator(bases: designs.map(\.design), device: target.device, clockMHz: target.clockMHz, isModel: isModel,
                                       engines: engines)
        guard let start = evaluator.evaluate(Schedule()) else {
            let problems = designs.compactMap { d -> String? in
                do throws(DesignError) {
                    _ = try BoundDesign.bind(d.design)
                    return nil
                } catch {
                    return "\(d.name): \(error.problems.joined(separator: "; "))"
                }
            }
            throw DriverError("the starting design does not validate: \(problems.joined(separator: "; "))")
        }
        let knobs = start.bound.flatMap(KnobDiscovery.knobs)
        progress("explore: \(knobs.count) knobs in \(name) on \(target.device.name) at \(Quantities.megahertz(target.clockMHz)) MHz, "
                 + "start \(ExploreText.figure(start)), scarcest \(ExploreText.share(start.scarcest))")
        let result = BeamSearch(maxUtil: maxUtil).run(evaluator, generator: MoveGenerator(knobs: knobs), start: start,
                                                      progress: { progress("explore: \($0)") })
        return Search(designs: designs, engines: engines, start: start, knobs: knobs, result: result)
    }

    /// The config text and the command that uses it.
    static func configText(_ best: DesignPoint, selection: DesignSelection, profile: MathProfile) throws -> (String, String) {
        switch selection.source {
        case .config(let path):
            let config = try path.map { p throws(ConfigError) in try Configuration.load(path: p) } ?? .default
            return (ExploreConfig.layers(best.overrides, config: config), "hlsgen generate --config FILE")
        case .checkpoint(let request):
            let base = try request.config.map { p throws(ConfigError) in try Configuration.load(path: p) }
            return (ExploreConfig.model(best.overrides, profile: profile, engines: best.engines, base: base),
                    "hlsgen generate --checkpoint \(request.checkpoint)" + (request.quantization.map { $0 == .q8 ? " --quantize" : " --quantize \($0.rawValue)" } ?? "")
                        + (request.groupSize.map { " --group-size \($0)" } ?? "") + " --schedule \(request.schedule.rawValue) --config FILE")
        case .shape(_, _, _, let schedule, _, _):
            return (ExploreConfig.model(best.overrides, profile: profile, engines: best.engines),
                    "hlsgen generate --checkpoint <a checkpoint of this shape> --schedule \(schedule.rawValue) --config FILE")
        case .gpt2Shape(_, _, _, let schedule, _, _):
            return (ExploreConfig.model(best.overrides, profile: profile, engines: best.engines),
                    "hlsgen generate --checkpoint <an llm.c checkpoint of this shape> --schedule \(schedule.rawValue) --config FILE")
        }
    }
}
