import HLSIR

/// A board the system build targets: its memory banks as v++ names them.
struct MemoryPlatform: Sendable {
    /// Short name used in file names and `BOARD=` (u280, u250, f1).
    let board: String
    let title: String
    /// `HBM` or `DDR`.
    let memory: String
    let banks: Int
    let bankBytes: Int
    /// HBM pseudo-channels are small: a bundle gets as many consecutive ones as its data
    /// needs. DDR banks are large and few: bundles share them, balanced by bytes.
    let rangesBySize: Bool

    static let all: [MemoryPlatform] = [
        MemoryPlatform(board: "u280", title: "Alveo U280 (32 HBM pseudo-channels of 256 MB)", memory: "HBM",
                       banks: 32, bankBytes: 256 << 20, rangesBySize: true),
        MemoryPlatform(board: "u250", title: "Alveo U250 (4 DDR4 banks of 16 GB)", memory: "DDR",
                       banks: 4, bankBytes: 16 << 30, rangesBySize: false),
        MemoryPlatform(board: "f1", title: "AWS F1 VU9P (4 DDR4 banks of 16 GB)", memory: "DDR",
                       banks: 4, bankBytes: 16 << 30, rangesBySize: false),
    ]
}

/// The memory-bank plan of the kernels' m_axi ports: one bank (or HBM range) per m_axi
/// bundle of the one-token kernel as its bound design resolved them (a port without a bundle
/// is its own bundle `gmem<i>`, as the kernel's INTERFACE pragmas name it); bundles share
/// banks, balanced by bytes, only when there are more of them than banks; on DDR the KV
/// cache's bundle has a bank no other bundle uses. Another kernel (the block kernel) names
/// the same arguments, which the host binds to the same buffers: each of its bundles goes to
/// the bank of the arguments it shares, a bundle of its own arguments only to the logits' bank.
struct Connectivity {
    struct Bundle {
        let name: String
        /// The bank the schedule asks for (`InterfaceDirectives.bank`), if any.
        let bank: Int?
        var ports: [HostKernel.Argument]
        var bytes: Int { ports.reduce(0) { $0 + $1.count * Connectivity.elementBytes($1.elementType) } }
        var holdsCache: Bool { ports.contains { $0.role.kind == .cache } }
    }

    let top: String
    let bundles: [Bundle]
    /// The other kernels: their names and bundles.
    let others: [(top: String, bundles: [Bundle])]

    init(_ kernel: HostKernel, top: BoundKernel, others: [(HostKernel, BoundKernel)] = []) {
        self.top = kernel.top
        self.bundles = Self.bundles(kernel, top)
        self.others = others.map { ($0.0.top, Self.bundles($0.0, $0.1)) }
    }

    private static func bundles(_ kernel: HostKernel, _ top: BoundKernel) -> [Bundle] {
        var bundles: [Bundle] = []
        for a in kernel.arrays {
            let name = top.buffer(a.name).bundle ?? a.name
            if let i = bundles.firstIndex(where: { $0.name == name }) {
                bundles[i].ports.append(a)
            } else {
                bundles.append(Bundle(name: name, bank: top.buffer(a.name).interface?.bank, ports: [a]))
            }
        }
        return bundles
    }

    /// The bank of every bundle of the other kernel `other`, from the banks of the arguments
    /// it shares with the one-token kernel.
    func otherBanks(_ other: (top: String, bundles: [Bundle]), primary: [String: String]) throws(EmitterError) -> [String: String] {
        var byArgument: [String: String] = [:]
        for b in bundles { for p in b.ports { byArgument[p.name] = primary[b.name] } }
        let logits = bundles.first { $0.ports.contains { $0.role.kind == .logits } }.flatMap { primary[$0.name] }
        var out: [String: String] = [:]
        for b in other.bundles {
            let known = Set(b.ports.compactMap { byArgument[$0.name] })
            guard known.count <= 1 else {
                throw EmitterError("design \(other.top): bundle \(b.name) holds arguments \(top) keeps in different banks (\(known.sorted().joined(separator: ", ")))")
            }
            guard let bank = known.first ?? logits else { throw EmitterError("design \(other.top): no bank for bundle \(b.name)") }
            out[b.name] = bank
        }
        return out
    }

    static func elementBytes(_ t: ScalarType?) -> Int { t == .int8 ? 1 : 4 }

    /// At most this many kernel interfaces per memory bank (v++ link rule). An interface is
    /// one AXI master, i.e. one m_axi bundle, whatever the number of ports it carries.
    static let interfacesPerBank = 15

    /// The bank specification of every bundle, e.g. `HBM[2:3]` or `DDR[1]`.
    ///
    /// - HBM: every bundle gets as many consecutive pseudo-channels as its bytes need, in
    ///   argument order, so every bundle streams from channels of its own. When there are more
    ///   bundles than channels, bundles of more than one channel keep their ranges and the
    ///   others share the remaining channels, balanced by bytes (`balance`).
    /// - DDR: the KV cache bundles take the last banks, one each and alone; the other bundles
    ///   share the rest balanced by bytes.
    func banks(on p: MemoryPlatform) throws(EmitterError) -> [String: String] {
        var out: [String: String] = [:]
        if bundles.contains(where: { $0.bank != nil }) { return try hinted(on: p) }
        if p.rangesBySize {
            let need = bundles.map { max(1, ($0.bytes + p.bankBytes - 1) / p.bankBytes) }
            if need.reduce(0, +) <= p.banks {
                var next = 0
                for (b, count) in zip(bundles, need) {
                    out[b.name] = Self.range(p, next, count)
                    next += count
                }
                return out
            }
            var next = 0
            for (b, count) in zip(bundles, need) where count > 1 {
                guard next + count <= p.banks else { throw tooLarge(p) }
                out[b.name] = Self.range(p, next, count)
                next += count
            }
            let small = bundles.enumerated().filter { need[$0.offset] == 1 }.map(\.element)
            for (name, bank) in try balance(small, over: Array(next..<p.banks), on: p) { out[name] = "\(p.memory)[\(bank)]" }
            return out
        }
        let caches = bundles.filter(\.holdsCache)
        let shared = p.banks - caches.count
        guard shared >= (bundles.count > caches.count ? 1 : 0) else {
            throw EmitterError("design \(top): \(caches.count) KV cache bundles leave no \(p.memory) bank for the weights on the \(p.title)")
        }
        for (name, bank) in try balance(bundles.filter { !$0.holdsCache }, over: Array(0..<shared), on: p) {
            out[name] = "\(p.memory)[\(bank)]"
        }
        for (i, b) in caches.enumerated() { out[b.name] = "\(p.memory)[\(shared + i)]" }
        return out
    }

    /// The plan when the schedule names banks (designs with several engines, each streaming
    /// from a bank of its own): every bundle with a bank goes there (modulo the board's banks),
    /// the others are balanced by bytes over all banks on top of those.
    func hinted(on p: MemoryPlatform) throws(EmitterError) -> [String: String] {
        var bytes = [Int](repeating: 0, count: p.banks)
        var interfaces = [Int](repeating: 0, count: p.banks)
        var out: [String: String] = [:]
        for b in bundles {
            guard let hint = b.bank else { continue }
            let bank = hint % p.banks
            bytes[bank] += b.bytes
            interfaces[bank] += 1
            guard bytes[bank] <= p.bankBytes, interfaces[bank] <= Self.interfacesPerBank else { throw tooLarge(p) }
            out[b.name] = "\(p.memory)[\(bank)]"
        }
        let rest = bundles.filter { $0.bank == nil }
        for (name, bank) in try balance(rest, over: Array(0..<p.banks), on: p, bytes: bytes, interfaces: interfaces) {
            out[name] = "\(p.memory)[\(bank)]"
        }
        return out
    }

    /// Largest bundle first onto the bank with the fewest bytes so far (the lower bank on a
    /// tie), skipping banks that would exceed their capacity or `interfacesPerBank` bundles;
    /// `bytes` and `interfaces` are what the banks already hold.
    func balance(_ list: [Bundle], over banks: [Int], on p: MemoryPlatform, bytes start: [Int]? = nil,
                 interfaces used: [Int]? = nil) throws(EmitterError) -> [(String, Int)] {
        var bytes = start ?? [Int](repeating: 0, count: banks.count)
        var interfaces = used ?? [Int](repeating: 0, count: banks.count)
        var out: [(String, Int)] = []
        let order = list.enumerated()
            .sorted { $0.element.bytes != $1.element.bytes ? $0.element.bytes > $1.element.bytes : $0.offset < $1.offset }
            .map(\.element)
        for b in order {
            let fits = banks.indices.filter { bytes[$0] + b.bytes <= p.bankBytes && interfaces[$0] < Self.interfacesPerBank }
            guard let i = fits.min(by: { bytes[$0] != bytes[$1] ? bytes[$0] < bytes[$1] : $0 < $1 }) else { throw tooLarge(p) }
            bytes[i] += b.bytes
            interfaces[i] += 1
            out.append((b.name, banks[i]))
        }
        return out
    }

    private func tooLarge(_ p: MemoryPlatform) -> EmitterError {
        EmitterError("design \(top): the m_axi bundles need more than the \(p.banks) \(p.memory) banks of the \(p.title) (at most \(p.bankBytes >> 20) MB and \(Self.interfacesPerBank) bundles each)")
    }

    private static func range(_ p: MemoryPlatform, _ first: Int, _ count: Int) -> String {
        count == 1 ? "\(p.memory)[\(first)]" : "\(p.memory)[\(first):\(first + count - 1)]"
    }

    /// `connectivity_<board>.cfg`.
    func file(for p: MemoryPlatform) throws(EmitterError) -> EmittedFile {
        let banks = try banks(on: p)
        var kernels: [(top: String, bundles: [Bundle], banks: [String: String])] = [(top, bundles, banks)]
        for o in others { kernels.append((o.top, o.bundles, try otherBanks(o, primary: banks))) }
        let names = kernels.map(\.top).joined(separator: " and ")
        var lines = [
            "# connectivity_\(p.board).cfg: memory banks of the \(names) kernel\(others.isEmpty ? "'s" : "s'") ports on the \(p.title).",
            "# Generated by hlsgen; do not edit. Link with: v++ -l --config connectivity_\(p.board).cfg",
            bundles.contains { $0.bank != nil }
                ? "# Bundles on the banks the schedule names (one per engine); the others balanced by bytes."
                : "# Each m_axi bundle on one bank (or HBM range); bundles share banks balanced by bytes when they outnumber them.",
        ]
        if !others.isEmpty { lines.append("# \(others.map(\.top).joined(separator: ", ")): every argument in the bank \(top) keeps it in (one buffer serves both).") }
        for k in kernels {
            for b in k.bundles {
                let ports = b.ports.map(\.name).joined(separator: ", ")
                lines.append("#   \(k.top == top ? "" : k.top + " ")\(b.name) -> \(k.banks[b.name]!): \(ports) (\(Self.size(b.bytes)))")
            }
        }
        lines += ["", "[connectivity]"]
        for k in kernels { lines.append("nk=\(k.top):1:\(k.top)_1") }
        for k in kernels {
            for b in k.bundles {
                for port in b.ports { lines.append("sp=\(k.top)_1.\(port.name):\(k.banks[b.name]!)") }
            }
        }
        return EmittedFile(path: "connectivity_\(p.board).cfg", contents: lines.joined(separator: "\n") + "\n")
    }

    private static func size(_ bytes: Int) -> String {
        if bytes < 1 << 20 { return "\((bytes + 1023) / 1024) KB" }
        return "\((bytes + (1 << 20) - 1) >> 20) MB"
    }
}
