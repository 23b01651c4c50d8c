/// The points no other point beats on both counts: a better score (more tokens per second, or
/// less latency) and a smaller share of the scarcest resource. Sorted by that share, so the
/// score rises along the front.
enum ParetoFront {
    static func of(_ points: [DesignPoint]) -> [DesignPoint] {
        // By share, then best score first: a point belongs to the front when its score beats
        // every point before it (those use no more of the scarcest resource).
        let sorted = points.sorted {
            let a = $0.scarcest.fraction, b = $1.scarcest.fraction
            if a != b { return a < b }
            return DesignPoint.before($0, $1)
        }
        var out: [DesignPoint] = []
        for p in sorted where out.last.map({ p.score > $0.score }) ?? true {
            out.append(p)
        }
        return out
    }
}
