import HLSConfig
import Foundation
import HLSEstimator

/// `hlsgen explore --json`: the exploration as one JSON object (sorted keys).
struct ExploreJSON: Codable {
    struct Point: Codable {
        var tokensPerSecond: Double?
        var latencyCycles: Double
        var scarcest: String
        var scarcestShare: Double
        var utilization: [ResourceShare]
        /// The config entries this point sets, by dotted name (JSON text of each entry).
        var schedule: [String: String]

        init(_ p: DesignPoint) {
            tokensPerSecond = p.throughput?.tokensPerSecond
            latencyCycles = p.latency
            scarcest = p.scarcest.name
            scarcestShare = p.scarcest.fraction
            utilization = p.utilization
            schedule = Dictionary(ScheduleJSON.entries(p.overrides).map { ($0.name, $0.json) }, uniquingKeysWith: { a, _ in a })
        }
    }

    var name: String
    var summary: String
    var board: String
    var clockMHz: Double
    var maxUtil: Double
    var knobs: Int
    var rounds: Int
    var estimates: Int
    var seconds: Double
    var start: Point
    var best: Point
    var front: [Point]
    var configFile: String
    var config: String
    var usage: String

    static func text(_ x: Exploration, wrote path: String) throws -> String {
        let value = ExploreJSON(name: x.name, summary: x.summary, board: x.device.name, clockMHz: x.clockMHz, maxUtil: x.maxUtil,
                                knobs: x.knobs.count, rounds: x.rounds, estimates: x.evaluations, seconds: x.seconds,
                                start: Point(x.start), best: Point(x.best), front: x.front.map(Point.init), configFile: path,
                                config: x.config, usage: x.usage.replacingOccurrences(of: "FILE", with: path))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do { return String(decoding: try encoder.encode(value), as: UTF8.self) } catch {
            throw DriverError("cannot write the exploration as JSON: \(error)")
        }
    }
}
