/// Warnings about resources against the device: more than it has, or more than one super
/// logic region holds (a kernel spread over SLRs pays in routing and clock rate; the guide:
/// "the part a kernel can use is roughly 10% smaller" than the datasheet totals).
enum Utilization {
    static func warnings(_ used: Resources, device: Device) -> [String] {
        let fields: [(String, Int, Int)] = [("DSP", used.dsp, device.available.dsp), ("BRAM_18K", used.bram18k, device.available.bram18k),
                                            ("URAM", used.uram, device.available.uram), ("FF", used.ff, device.available.ff),
                                            ("LUT", used.lut, device.available.lut)]
        var out: [String] = []
        for (name, n, total) in fields where n > 0 {
            if n > total {
                out.append("estimated \(name) \(n) exceeds the \(total) of \(device.part)")
            } else if Double(n) > 0.9 * Double(total) {
                out.append("estimated \(name) \(n) is over 90% of the \(total) of \(device.part); placement will likely fail")
            } else if device.slrs > 1 && n > total / device.slrs {
                out.append("estimated \(name) \(n) is more than one SLR of \(device.part) holds (\(total / device.slrs)); the kernel will cross SLRs")
            }
        }
        return out
    }
}
