import Foundation

/// How the estimate and report commands spell numbers: significant digits without exponents,
/// bytes and bandwidths in decimal units (as datasheets give HBM and DDR figures), percentages
/// of the device.
enum Quantities {
    /// `x` with `digits` significant digits in plain decimal notation (`0.0034`, `243`,
    /// `1.23`); integers of more digits than that are rounded to whole numbers.
    static func significant(_ x: Double, _ digits: Int = 3) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        if x == 0 { return "0" }
        let magnitude = Int(floor(log10(abs(x))))
        let decimals = max(0, digits - 1 - magnitude)
        return String(format: "%.\(decimals)f", x)
    }

    /// A clock frequency in MHz: whole numbers without decimals (`300`), others with up to
    /// four significant digits (`312.5`).
    static func megahertz(_ mhz: Double) -> String {
        mhz == mhz.rounded() && abs(mhz) < 1e6 ? "\(Int(mhz))" : significant(mhz, 4)
    }

    /// Bytes with a decimal unit: `512 B`, `1.18 MB`, `6.74 GB`.
    static func bytes(_ b: Double) -> String { scaled(b, unit: "B") }

    /// Bytes per second: `19.2 GB/s`.
    static func bandwidth(_ bps: Double) -> String { scaled(bps, unit: "B/s") }

    static func scaled(_ v: Double, unit: String) -> String {
        let prefixes = ["", "k", "M", "G", "T", "P"]
        var x = v, i = 0
        while abs(x) >= 1000 && i < prefixes.count - 1 {
            x /= 1000
            i += 1
        }
        return i == 0 ? "\(Int(x.rounded())) \(unit)" : "\(significant(x)) \(prefixes[i])\(unit)"
    }

    /// `used` as a percentage of `available`: `12.5%`, `<0.1%`, `n/a` when the device has none.
    static func percent(_ used: Int, of available: Int) -> String {
        guard available > 0 else { return used == 0 ? "-" : "n/a" }
        let p = 100 * Double(used) / Double(available)
        if used > 0 && p < 0.1 { return "<0.1%" }
        return String(format: "%.1f%%", p)
    }

    /// A share of a whole as a percentage: `28.2%`, `<0.1%` for small positive shares.
    static func share(_ fraction: Double) -> String {
        if fraction > 0 && fraction < 0.001 { return "<0.1%" }
        return String(format: "%.1f%%", 100 * fraction)
    }

    /// The fraction `used / available` (0 when the device has none).
    static func fraction(_ used: Int, of available: Int) -> Double {
        available > 0 ? Double(used) / Double(available) : 0
    }

    /// Cycles at `clockMHz` as time: `1.23 ms`, `45.6 µs`.
    static func time(cycles: Double, clockMHz: Double) -> String {
        let seconds = cycles / (clockMHz * 1e6)
        if seconds >= 1 { return "\(significant(seconds)) s" }
        if seconds >= 1e-3 { return "\(significant(seconds * 1e3)) ms" }
        if seconds >= 1e-6 { return "\(significant(seconds * 1e6)) µs" }
        return "\(significant(seconds * 1e9)) ns"
    }
}
