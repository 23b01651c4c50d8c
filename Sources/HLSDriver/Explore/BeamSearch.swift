import HLSConfig
import HLSIR

/// The search: a beam of the best schedules found so far. Each round every point of the beam
/// tries the moves `MoveGenerator` proposes; a move whose loop is still limited afterwards is
/// repaired by the fix its new limit calls for (an unroll that runs into the recurrence gets
/// lanes, then the partition its reads need), each step a point of its own. The best feasible
/// points (every resource within the limit) form the next beam; the search stops when the beam
/// no longer changes, when `patience` rounds gained less than `minimumGain` of the score, or
/// after `maxRounds`. Everything is ordered by score, then scarcest resource, then the
/// schedule's text: the same input gives the same result.
struct BeamSearch {
    var width = 3
    var maxRounds = 40
    var repairs = 3
    /// The search also stops when the top score has gained less than `minimumGain` (a share)
    /// over this many rounds: the last rounds of a long search trade 0.01 tok/s for DSPs.
    var patience = 3
    var minimumGain = 0.001
    var maxUtil: Double

    struct Result {
        var start: DesignPoint
        /// The point `best(of:)` picks among the feasible ones; nil when none fits.
        var best: DesignPoint?
        /// Every point evaluated that fits, the start included when it fits.
        var feasible: [DesignPoint]
        var rounds: Int
        var evaluations: Int
    }

    func run(_ evaluator: PointEvaluator, generator: MoveGenerator, start: DesignPoint, progress: (String) -> Void) -> Result {
        var visited: [String: DesignPoint] = [start.key: start]
        var beam = [start]
        var rounds = 0
        var history: [Double] = [start.fits(maxUtil) ? start.score : -.infinity]
        while rounds < maxRounds {
            rounds += 1
            for p in beam {
                for move in generator.moves(p) {
                    guard var current = point(p.overrides.merged(with: move.delta), via: move.name, evaluator, &visited) else { continue }
                    for _ in 0..<repairs {
                        guard let loop = move.loop, let fix = repair(current, loop: loop, generator),
                              let n = point(current.overrides.merged(with: fix.delta), via: "\(move.name), then \(fix.name)",
                                            evaluator, &visited) else { break }
                        current = n
                    }
                }
            }
            let pool = visited.values.filter { $0.fits(maxUtil) }.sorted(by: DesignPoint.before)
            let next = pool.isEmpty ? beam : Array(pool.prefix(width))
            if pool.isEmpty {
                progress("round \(rounds): no point within the limit yet, \(evaluator.evaluations) estimates")
            } else if let best = next.first {
                progress("round \(rounds): best \(ExploreText.figure(best)), scarcest \(ExploreText.share(best.scarcest)), "
                         + "\(evaluator.evaluations) estimates (last move: \(best.via))")
            }
            if next.map(\.key) == beam.map(\.key) { break }
            beam = next
            history.append(next.first?.score ?? -.infinity)
            if history.count > patience {
                let before = history[history.count - 1 - patience], now = history[history.count - 1]
                if before.isFinite && now - before <= minimumGain * abs(before) { break }
            }
        }
        let feasible = visited.values.filter { $0.fits(maxUtil) }.sorted(by: DesignPoint.before)
        return Result(start: start, best: Self.best(of: feasible), feasible: feasible, rounds: rounds, evaluations: evaluator.evaluations)
    }

    /// Scores within this share of the top score count as a tie, won by the smaller scarcest
    /// share: a last 0.1% of tokens/s is not worth twice the LUTs.
    static let tolerance = 0.005

    /// Among the points whose score is within `tolerance` of the top one, the one using the
    /// least of its scarcest resource (then the better score, then the key).
    static func best(of points: [DesignPoint]) -> DesignPoint? {
        guard let top = points.map(\.score).max() else { return nil }
        let near = points.filter { $0.score >= top - tolerance * abs(top) }
        return near.min {
            if $0.scarcest.fraction != $1.scarcest.fraction { return $0.scarcest.fraction < $1.scarcest.fraction }
            return DesignPoint.before($0, $1)
        }
    }

    /// The point for `overrides`, evaluated once; `via` names the move that reached it first.
    private func point(_ overrides: Schedule, via: String, _ evaluator: PointEvaluator,
                       _ visited: inout [String: DesignPoint]) -> DesignPoint? {
        let key = ScheduleJSON.key(overrides)
        if let p = visited[key] { return p }
        guard var p = evaluator.evaluate(overrides) else { return nil }
        p.via = via
        visited[key] = p
        return p
    }

    /// The fix for what now limits `loop` in `p`, if it is still limited.
    private func repair(_ p: DesignPoint, loop: String, _ generator: MoveGenerator) -> Move? {
        guard let hot = HotLoop.ranked(p).first(where: { $0.estimate.name == loop }) else { return nil }
        return generator.fixes(hot, p, jump: true).first ?? generator.fixes(hot, p, jump: false).first
    }
}
