import Foundation
import HLSConfig
import HLSIR
import HLSLayers
import XCTest

/// The example configs and the reference in docs/config.md stay true.
final class ExampleConfigTests: XCTestCase {
    func testEveryExampleConfigValidates() throws {
        let dir = repositoryRoot.appendingPathComponent("examples")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }.sorted()
        XCTAssertTrue(files.contains("fast-matvec.json"))
        XCTAssertTrue(files.contains("exact-small.json"))
        for f in files {
            let c = try Configuration.load(path: dir.appendingPathComponent(f).path)
            XCTAssertFalse(try c.designs().isEmpty, f)
        }
    }

    func testFastMatvecRetunesTheSchedule() throws {
        let c = try Configuration.load(path: repositoryRoot.appendingPathComponent("examples/fast-matvec.json").path)
        let designs = Dictionary(uniqueKeysWithValues: try c.designs().map { ($0.top, $0) })
        XCTAssertEqual(designs["matvec"]?.schedule.loop("matvec.dot").unroll, .factor(16))
        XCTAssertEqual(designs["matvec"]?.schedule.lanes("matvec.dot"), 16)
        XCTAssertEqual(designs["matvec_q8"]?.schedule.loop("matvec_q8.dot").unroll, .factor(32))
        XCTAssertEqual(designs["matvec_q8"]?.schedule.buffer("matvec_q8.xq").partitions, [Partition(type: .cyclic, factor: 32)])
        XCTAssertEqual(designs["softmax"]?.schedule.lanes("softmax.exp_sum"), 4)
    }

    func testExactSmallUsesTheExactProfile() throws {
        let c = try Configuration.load(path: repositoryRoot.appendingPathComponent("examples/exact-small.json").path)
        XCTAssertEqual(c.parameters.profile, .exact)
        XCTAssertEqual([c.parameters.dim, c.parameters.hidden, c.parameters.groupSize, c.parameters.maxSequence], [64, 176, 16, 64])
        XCTAssertTrue(try c.designs().allSatisfy { $0.profile == .exact })
    }

    /// The fixed profile's examples (examples/fixed) parse with their formats; 12bit, 16bit and
    /// 24bit give every class W bits with the integer bits of docs/performance.md.
    func testFixedExamplesSetEveryClass() throws {
        let dir = repositoryRoot.appendingPathComponent("examples/fixed")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }.sorted()
        XCTAssertEqual(files, ["12bit.json", "16bit.json", "24bit.json", "mixed.json"])
        for f in files {
            let a = try XCTUnwrap(try Configuration.load(path: dir.appendingPathComponent(f).path).activations, f)
            XCTAssertEqual(a.problems, [], f)
        }
        for (w, i) in [(12, 5), (16, 6), (24, 10)] {
            let c = try Configuration.load(path: repositoryRoot.appendingPathComponent("examples/fixed/\(w)bit.json").path)
            let a = try XCTUnwrap(c.activations)
            for k in FixedActivations.Class.allCases { XCTAssertEqual(a.type(k), .fixed(w, i, .rndConv, .sat), "\(w) \(k)") }
        }
    }

    /// Every ```json block in docs/config.md that is a whole config validates.
    func testTheDocumentedExamplesValidate() throws {
        let doc = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/config.md"), encoding: .utf8)
        let blocks = doc.components(separatedBy: "```json\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        XCTAssertGreaterThanOrEqual(blocks.count, 1)
        for b in blocks {
            XCTAssertNoThrow(try Configuration.parse(b, source: "docs/config.md").designs(), b)
        }
    }

    /// docs/config.md lists the dotted names of the default designs between markers.
    func testTheDocumentedNamesAreTheDesignsNames() throws {
        let doc = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/config.md"), encoding: .utf8)
        let begin = "<!-- names:begin -->\n", end = "<!-- names:end -->"
        guard let start = doc.range(of: begin), let stop = doc.range(of: end, range: start.upperBound..<doc.endIndex) else {
            return XCTFail("docs/config.md has no names markers")
        }
        let documented = String(doc[start.upperBound..<stop.lowerBound])
        let expected = try Self.namesTable()
        XCTAssertEqual(documented, expected, "replace the block in docs/config.md with:\n\(expected)")
    }

    /// One table per default design: every name a schedule can address, what it is, and
    /// the directives the default schedule gives it (for the default parameters).
    static func namesTable() throws -> String {
        var out = ""
        for d in try DesignCatalog.designs(DesignParameters()) {
            let targets = d.scheduleTargets
            out += "\n**\(d.top)**\n\n| name | what it is | default directives |\n|---|---|---|\n"
            for k in d.kernels {
                let what = k.name == d.top ? "top kernel" : "kernel (sub-function)"
                out += "| `\(k.name)` | \(what) | \(directives(k.name, d.schedule)) |\n"
                let names = targets.keys.filter { $0.hasPrefix(k.name + ".") }.sorted { a, b in
                    order(a, targets, k) < order(b, targets, k)
                }
                for n in names { out += "| `\(n)` | \(describe(targets[n]!)) | \(directives(n, d.schedule)) |\n" }
            }
        }
        return out + "\n"
    }

    /// The schedule's entry for `name`, written as the config file would write it.
    private static func directives(_ name: String, _ s: Schedule) -> String {
        var parts: [String] = []
        if let l = s.loops[name] {
            switch l.pipeline {
            case .ii(let ii)?: parts.append("\"pipeline\": {\"ii\": \(ii)}")
            case .off?: parts.append("\"pipeline\": \"off\"")
            case nil: break
            }
            switch l.unroll {
            case .factor(let f)?: parts.append("\"unroll\": \(f)")
            case .full?: parts.append("\"unroll\": \"full\"")
            case nil: break
            }
            if let n = l.lanes { parts.append("\"lanes\": \(n)") }
            if let t = l.tripCount { parts.append("\"tripcount\": {\"min\": \(t.min), \"max\": \(t.max), \"avg\": \(t.avg)}") }
            if let f = l.flatten { parts.append("\"flatten\": \(f)") }
        }
        if let b = s.buffers[name] {
            for p in b.partitions {
                let factor = p.factor.map { ", \"factor\": \($0)" } ?? ""
                parts.append("\"partition\": {\"type\": \"\(p.type.rawValue)\"\(factor), \"dim\": \(p.dim)}")
            }
            if let st = b.storage {
                let latency = st.latency.map { ", \"latency\": \($0)" } ?? ""
                parts.append("\"storage\": {\"type\": \"\(st.type.rawValue)\", \"impl\": \"\(st.impl.rawValue)\"\(latency)}")
            }
        }
        if s.interfaces[name] != nil { parts.append("\"interface\": {…}") }
        if let f = s.functions[name] {
            if f.dataflow { parts.append("\"dataflow\": true") }
            if let i = f.inline { parts.append("\"inline\": \"\(i.rawValue)\"") }
        }
        return parts.isEmpty ? "" : "`{" + parts.joined(separator: ", ") + "}`"
    }

    private static func order(_ name: String, _ t: [String: ScheduleTarget], _ k: Kernel) -> (Int, Int, String) {
        let member = String(name.dropFirst(k.name.count + 1))
        if let i = k.buffers.firstIndex(where: { $0.name == member }) { return (0, i, member) }
        return (1, 0, member)
    }

    private static func describe(_ t: ScheduleTarget) -> String {
        switch t {
        case .kernel: return "kernel"
        case .loop: return "loop"
        case .reduction: return "reduction (takes lanes)"
        case .localArray: return "local array"
        case .table: return "constant table"
        case .argument(top: true): return "m_axi argument"
        case .argument(top: false): return "array argument of a sub-function (no directives)"
        }
    }
}
