import HLSConfig
import HLSIR
import HLSLayers
import XCTest

/// Valid configs load, and their values and overrides reach the designs.
final class ConfigLoadingTests: XCTestCase {
    func testEmptyObjectIsTheDefault() throws {
        let c = try Configuration.parse("{}", source: "cfg.json")
        XCTAssertEqual(c.source, "cfg.json")
        XCTAssertEqual(c.parameters, DesignParameters())
        XCTAssertEqual(c.designNames, DesignCatalog.names)
        XCTAssertEqual(c.overrides, Schedule())
        XCTAssertEqual(try c.designs(), try DesignCatalog.designs(DesignParameters()))
    }

    func testDefaultConfiguration() throws {
        XCTAssertEqual(Configuration.default.source, "<default>")
        XCTAssertEqual(try Configuration.default.designs().map(\.top), DesignCatalog.names)
    }

    /// `engines` (whole-model designs) and an interface's `bank` read back; bad values are
    /// one line each naming the key.
    func testEnginesAndBanks() throws {
        let c = try Configuration.parse(#"{"engines": 4, "schedule": {"matvec.w": {"interface": {"bank": 0}}}}"#, source: "cfg.json")
        XCTAssertEqual(c.engines, 4)
        XCTAssertEqual(c.overrides.interface("matvec.w").bank, 0)
        XCTAssertNil(try Configuration.parse("{}", source: "cfg.json").engines)
        for (text, message) in [(#"{"engines": 0}"#, "cfg.json: engines: expected a positive integer, got 0"),
                                (#"{"schedule": {"matvec.w": {"interface": {"bank": -1}}}}"#, "bank")] {
            XCTAssertThrowsError(try Configuration.parse(text, source: "cfg.json"), text) { e in
                let lines = (e as? ConfigError)?.lines ?? []
                XCTAssertEqual(lines.count, 1, "\(lines)")
                XCTAssertTrue(lines.first?.contains(message) == true, "\(lines)")
            }
        }
    }

    func testParametersProfileAndDesigns() throws {
        let c = try Configuration.parse("""
        {"parameters": {"dim": 64, "hidden": 176, "group_size": 16, "max_sequence": 64, "lanes": 4},
         "profile": "exact", "designs": ["softmax", "rmsnorm"]}
        """, source: "cfg.json")
        var p = DesignParameters()
        (p.dim, p.hidden, p.groupSize, p.maxSequence, p.lanes, p.profile) = (64, 176, 16, 64, 4, .exact)
        XCTAssertEqual(c.parameters, p)
        XCTAssertEqual(c.designNames, ["softmax", "rmsnorm"])
        let designs = try c.designs()
        // Catalog order, whatever order the file lists them in.
        XCTAssertEqual(designs.map(\.top), ["rmsnorm", "softmax"])
        XCTAssertTrue(designs.allSatisfy { $0.profile == .exact })
        XCTAssertEqual(designs[0].topKernel.buffer("x")?.count, 64)
    }

    func testOverridesAreMergedFieldByField() throws {
        let c = try Configuration.parse("""
        {"schedule": {
          "matvec.dot": {"unroll": 16, "lanes": 16},
          "softmax.exp_sum": {"pipeline": "off", "unroll": "full", "tripcount": {"min": 1, "max": 256, "avg": 128}, "flatten": false},
          "matvec_q8.xq": {"partition": {"type": "cyclic", "factor": 32}, "storage": {"type": "ram_2p", "impl": "bram", "latency": 2}},
          "matvec_q8.dot": {"unroll": 32},
          "matvec.w": {"interface": {"bundle": "gmem_w", "depth": 45056, "max_read_burst_length": 64, "max_write_burst_length": 64, "num_read_outstanding": 16, "max_widen_bitwidth": 512}},
          "swiglu_ffn": {"dataflow": true, "inline": "off"}
        }}
        """, source: "cfg.json")
        let designs = Dictionary(uniqueKeysWithValues: try c.designs().map { ($0.top, $0) })
        let matvec = try XCTUnwrap(designs["matvec"]).schedule
        // The default pipeline stays; unroll and lanes are replaced.
        XCTAssertEqual(matvec.loop("matvec.dot"), LoopDirectives(pipeline: .ii(1), unroll: .factor(16), lanes: 16))
        XCTAssertEqual(matvec.interface("matvec.w"),
                       InterfaceDirectives(bundle: "gmem_w", depth: 45056, maxReadBurstLength: 64, maxWriteBurstLength: 64,
                                           numReadOutstanding: 16, maxWidenBitwidth: 512))
        let softmax = try XCTUnwrap(designs["softmax"]).schedule
        XCTAssertEqual(softmax.loop("softmax.exp_sum"),
                       LoopDirectives(pipeline: .off, unroll: .full, tripCount: TripCount(min: 1, max: 256, avg: 128),
                                      flatten: false, lanes: 8))
        let q8 = try XCTUnwrap(designs["matvec_q8"]).schedule
        XCTAssertEqual(q8.buffer("matvec_q8.xq"),
                       BufferDirectives(partitions: [Partition(type: .cyclic, factor: 32)],
                                        storage: BindStorage(type: .ram_2p, impl: .bram, latency: 2)))
        XCTAssertEqual(q8.loop("matvec_q8.dot").unroll, .factor(32))
        XCTAssertEqual(try XCTUnwrap(designs["swiglu_ffn"]).schedule.function("swiglu_ffn"),
                       FunctionDirectives(dataflow: true, inline: .off))
        // Entries go only to the design whose kernel they name.
        XCTAssertNil(matvec.loops["softmax.exp_sum"])
        XCTAssertNil(softmax.interfaces["matvec.w"])
    }

    func testOverridesAreKeptOnTheConfiguration() throws {
        let c = try Configuration.parse(#"{"schedule": {"rmsnorm.sum_sq": {"pipeline": {"ii": 2}}}}"#, source: "cfg.json")
        var expected = Schedule()
        expected.pipeline("rmsnorm.sum_sq", ii: 2)
        XCTAssertEqual(c.overrides, expected)
    }

    func testPartitionArrayAndStorageDefaults() throws {
        let c = try Configuration.parse("""
        {"schedule": {"swiglu_ffn.hb": {"partition": [{"type": "block", "factor": 4}], "storage": {"type": "ram_1p"}}}}
        """, source: "cfg.json")
        XCTAssertEqual(c.overrides.buffer("swiglu_ffn.hb"),
                       BufferDirectives(partitions: [Partition(type: .block, factor: 4, dim: 1)],
                                        storage: BindStorage(type: .ram_1p, impl: .auto)))
        XCTAssertNoThrow(try c.designs())
    }

    func testPipelineWithoutIIMeansIIOne() throws {
        let c = try Configuration.parse(#"{"schedule": {"residual.add": {"pipeline": {}}}}"#, source: "cfg.json")
        XCTAssertEqual(c.overrides.loop("residual.add").pipeline, .ii(1))
    }

    func testDataflowFalseRemovesADefaultDataflow() throws {
        var c = try Configuration.parse(#"{"schedule": {"swiglu_ffn": {"dataflow": false}}}"#, source: "cfg.json")
        c.overrides.dataflow("swiglu_ffn")   // as if some earlier layer had turned it on
        let d = try XCTUnwrap(try c.designs().first { $0.top == "swiglu_ffn" })
        XCTAssertEqual(d.schedule.function("swiglu_ffn").dataflow, false)
    }

    func testByteOrderMarkAndEscapesAreAccepted() throws {
        let c = try Configuration.parse("\u{FEFF}{\"profile\": \"\\u0065xact\"}", source: "cfg.json")
        XCTAssertEqual(c.parameters.profile, .exact)
    }

    func testIntegersAreNotFloatsOrBools() throws {
        XCTAssertEqual(try Configuration.parse(#"{"parameters": {"lanes": 4}}"#, source: "c").parameters.lanes, 4)
        XCTAssertThrowsError(try Configuration.parse(#"{"parameters": {"lanes": 4.0}}"#, source: "c"))
        XCTAssertThrowsError(try Configuration.parse(#"{"schedule": {"matvec.rows": {"flatten": 1}}}"#, source: "c"))
        XCTAssertEqual(try Configuration.parse(#"{"schedule": {"matvec.rows": {"flatten": true}}}"#, source: "c")
            .overrides.loop("matvec.rows").flatten, true)
    }
}
