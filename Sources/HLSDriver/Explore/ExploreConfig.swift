import HLSConfig
import HLSIR

/// The best point as a config file (docs/config.md). For a whole model: its profile and the
/// schedule overrides (with those of the config it was built with), which `generate --checkpoint C --schedule S --config FILE` merges over
/// the same starting schedule S. For config designs: the config's parameters, profile and
/// designs, and its schedule entries merged with the search's, so `generate --config FILE`
/// alone rebuilds the point.
enum ExploreConfig {
    /// `base` is the config the model's design was built with (`--checkpoint C --config F`):
    /// its entries stay, the search's are merged over them.
    static func model(_ overrides: Schedule, profile: MathProfile, engines: Int = 1, base: Configuration? = nil) -> String {
        let schedule = base.map { $0.overrides.merged(with: overrides) } ?? overrides
        let e = engines > 1 ? "\n  \"engines\": \(engines)," : ""
        return """
        {
          "profile": \(ScheduleJSON.quoted(profile.rawValue)),\(e)
          "schedule": \(ScheduleJSON.object(schedule, dataflowOff: base?.dataflowDisabled ?? []))
        }

        """
    }

    static func layers(_ overrides: Schedule, config: Configuration) -> String {
        let p = config.parameters
        let parameters = "{\"dim\": \(p.dim), \"hidden\": \(p.hidden), \"group_size\": \(p.groupSize), "
            + "\"max_sequence\": \(p.maxSequence), \"lanes\": \(p.lanes)}"
        let designs = config.designNames.map(ScheduleJSON.quoted).joined(separator: ", ")
        let schedule = config.overrides.merged(with: overrides)
        return """
        {
          "parameters": \(parameters),
          "profile": \(ScheduleJSON.quoted(p.profile.rawValue)),
          "designs": [\(designs)],
          "schedule": \(ScheduleJSON.object(schedule, dataflowOff: config.dataflowDisabled))
        }

        """
    }
}
