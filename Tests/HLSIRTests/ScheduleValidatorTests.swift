import HLSIR
import XCTest

/// A small two-kernel design with every kind of schedule target:
/// `top(y, x, w)` with locals `xl[128]`, `tile[4][8]`, table `tab`, loops `load`, `fill`/`cols`,
/// `rows`, reduction `dot`, and a call of `sub(out, a)` (loop `copy`).
private func fixture(_ configure: (inout Schedule) -> Void = { _ in }) throws -> Design {
    let s = KernelBuilder("sub")
    let out = s.output("out", .float32, count: 16)
    let a = s.input("a", .float32, count: 16)
    s.loop("copy", 16) { i in out[i] = a[i] }
    let sub = try s.build()

    let k = KernelBuilder("top")
    let y = k.output("y", .float32, count: 4)
    let x = k.input("x", .float32, count: 128)
    let w = k.input("w", .float32, count: 512)
    let xl = k.local("xl", .float32, shape: [128])
    let tile = k.local("tile", .float32, shape: [4, 8])
    let tab = k.table("tab", .float32, values: [1, 2, 3, 4])
    k.loop("load", 128) { i in xl[i] = x[i] }
    k.loop("fill", 4) { i in
        k.loop("cols", 8) { j in tile[i, j] = xl[i * 8 + j] * tab[i] }
    }
    k.loop("rows", 4, index: "r") { r in
        y[r] = k.reduce("dot", .add, .float32, 128, index: "j") { j in w[r * 128 + j] * xl[j] }
    }
    k.call(sub, [xl.from(), x.from()])
    var schedule = Schedule()
    configure(&schedule)
    return Design(top: "top", kernels: [sub, try k.build()], schedule: schedule)
}

private func problems(_ configure: (inout Schedule) -> Void) throws -> [String] {
    ScheduleValidator.problems(in: try fixture(configure))
}

/// Bank conflicts are accepted (Vitis raises the II) and reported as warnings, never problems.
private func warnings(_ configure: (inout Schedule) -> Void) throws -> [String] {
    let d = try fixture(configure)
    XCTAssertEqual(ScheduleValidator.problems(in: d), [])
    return ScheduleValidator.warnings(in: d)
}

final class ScheduleValidatorTests: XCTestCase {
    func testAWellFormedScheduleHasNoProblems() throws {
        XCTAssertEqual(try problems { s in
            s.pipeline("top.dot")
            s.unroll("top.dot", factor: 8)
            s.lanes("top.dot", 8)
            s.partition("top.xl", .cyclic, factor: 8)
            s.unroll("top.cols")
            s.partition("top.tile", .complete, dim: 2)
            s.tripCount("top.rows", min: 4, max: 4, avg: 4)
            s.flatten("top.fill")
            s.bindStorage("top.tab", .rom_1p, impl: .lutram)
            s.interface("top.w", InterfaceDirectives(bundle: "gmem_w", depth: 512, maxReadBurstLength: 64,
                                                     numReadOutstanding: 16, maxWidenBitwidth: 512))
            s.dataflow("sub")
            s.inline("sub", .off)
        }, [])
    }

    func testNamesOfOtherDesignsAreIgnored() throws {
        XCTAssertEqual(try problems { s in
            s.unroll("matvec.dot", factor: 5)
            s.partition("other.x", .cyclic, factor: 0)
        }, [])
    }

    // MARK: Names of the wrong kind

    func testUnknownLoop() throws {
        XCTAssertEqual(try problems { $0.pipeline("top.dott") },
                       ["loop top.dott: kernel top has no loop or reduction named dott"])
    }

    func testLoopDirectiveOnAnArray() throws {
        XCTAssertEqual(try problems { $0.pipeline("top.xl") },
                       ["loop top.xl: xl is a local array of top, not a loop or reduction"])
    }

    func testLoopDirectiveOnAKernel() throws {
        XCTAssertEqual(try problems { $0.pipeline("top") },
                       ["loop top: top is a kernel, not a loop or reduction; name it top.<name>"])
    }

    func testBufferDirectiveOnALoop() throws {
        XCTAssertEqual(try problems { $0.partition("top.rows", .complete) },
                       ["buffer top.rows: rows is a loop of top, not a local array or table"])
    }

    func testUnknownBuffer() throws {
        XCTAssertEqual(try problems { $0.partition("top.xq", .complete) },
                       ["buffer top.xq: kernel top has no local array or table named xq"])
    }

    func testBufferDirectiveOnASubFunctionArgument() throws {
        XCTAssertEqual(try problems { $0.partition("sub.a", .complete) },
                       ["buffer sub.a: a is an array argument of sub, which points into its caller's array; put the directive on the caller's local array"])
    }

    func testInterfaceOnALocalArray() throws {
        XCTAssertEqual(try problems { $0.interface("top.xl", InterfaceDirectives(bundle: "b")) },
                       ["interface top.xl: xl is a local array of top, not an m_axi argument"])
    }

    func testInterfaceOnASubFunctionArgument() throws {
        XCTAssertEqual(try problems { $0.interface("sub.a", InterfaceDirectives(bundle: "b")) },
                       ["interface sub.a: sub is not the top kernel of design top; interfaces apply to the array arguments of top"])
    }

    func testFunctionDirectiveOnALoop() throws {
        XCTAssertEqual(try problems { $0.dataflow("top.rows") },
                       ["function top.rows: function directives apply to kernels, named without a dot; rows is a loop of top"])
    }

    func testTopKernelCannotBeInlined() throws {
        XCTAssertEqual(try problems { $0.inline("top", .on) },
                       ["function top: the top kernel of a design cannot be inlined"])
    }

    // MARK: Loops

    func testLanesOnAPlainLoop() throws {
        XCTAssertEqual(try problems { $0.lanes("top.rows", 2) },
                       ["loop top.rows: lanes applies only to reductions, and rows is a plain loop"])
    }

    func testLanesBelowOne() throws {
        XCTAssertEqual(try problems { $0.lanes("top.dot", 0) }, ["loop top.dot: lanes 0; expected 1...1024"])
    }

    func testLanesAboveTheLimit() throws {
        XCTAssertEqual(try problems { $0.lanes("top.dot", 1025) }, ["loop top.dot: lanes 1025; expected 1...1024"])
    }

    func testPipelineIIBelowOne() throws {
        XCTAssertEqual(try problems { $0.pipeline("top.dot", ii: 0) },
                       ["loop top.dot: pipeline II 0; expected at least 1"])
    }

    func testUnrollFactorBelowOne() throws {
        XCTAssertEqual(try problems { $0.unroll("top.rows", factor: -2) },
                       ["loop top.rows: unroll factor -2; expected at least 1"])
    }

    func testUnrollFactorMustDivideTheTripCount() throws {
        XCTAssertEqual(try problems { $0.unroll("top.rows", factor: 3) },
                       ["loop top.rows: unroll factor 3 does not divide its trip count 4"])
    }

    func testUnrollFactorAboveARuntimeBound() throws {
        let d = try runtimeBoundDesign { $0.unroll("rt.body", factor: 64) }
        XCTAssertEqual(ScheduleValidator.problems(in: d), ["loop rt.body: unroll factor 64 exceeds its maximum trip count 32"])
        // Any factor up to the maximum is fine: the loop exits early.
        XCTAssertEqual(ScheduleValidator.problems(in: try runtimeBoundDesign { $0.unroll("rt.body", factor: 5) }), [])
    }

    private func runtimeBoundDesign(_ configure: (inout Schedule) -> Void) throws -> Design {
        let k = KernelBuilder("rt")
        let x = k.inputOutput("x", .float32, count: 32)
        let n = k.size("n", max: 32)
        k.loop("body", n) { i in x[i] = x[i] * 2.0 }
        var s = Schedule()
        configure(&s)
        return Design(top: "rt", kernels: [try k.build()], schedule: s)
    }

    func testTripCountOrder() throws {
        XCTAssertEqual(try problems { $0.tripCount("top.rows", min: 4, max: 8, avg: 2) },
                       ["loop top.rows: tripcount min 4, avg 2, max 8; expected 0 <= min <= avg <= max"])
    }

    // MARK: Partitions and storage

    func testCyclicPartitionNeedsAFactor() throws {
        XCTAssertEqual(try problems { $0.partition("top.xl", .cyclic) },
                       ["buffer top.xl: cyclic partition needs a factor"])
    }

    func testPartitionFactorBelowOne() throws {
        XCTAssertEqual(try problems { $0.partition("top.xl", .block, factor: 0) },
                       ["buffer top.xl: partition factor 0; expected at least 1"])
    }

    func testPartitionDimOutOfRange() throws {
        XCTAssertEqual(try problems { $0.partition("top.tile", .complete, dim: 3) },
                       ["buffer top.tile: partition dim 3, but tile has 2 dimensions; expected 0...2"])
    }

    func testPartitionFactorMustDivideTheDimension() throws {
        XCTAssertEqual(try problems { $0.partition("top.xl", .cyclic, factor: 5) },
                       ["buffer top.xl: partition factor 5 does not divide dimension 1 of xl, which has size 128"])
    }

    func testPartitionOfDimZeroChecksEveryDimension() throws {
        XCTAssertEqual(try problems { $0.partition("top.tile", .cyclic, factor: 8, dim: 0) },
                       ["buffer top.tile: partition factor 8 does not divide dimension 1 of tile, which has size 4"])
    }

    func testADimensionPartitionedTwice() throws {
        var d = BufferDirectives()
        d.partitions = [Partition(type: .complete, dim: 1), Partition(type: .cyclic, factor: 2, dim: 1)]
        XCTAssertEqual(try problems { $0.buffers["top.xl"] = d },
                       ["buffer top.xl: dimension 1 is partitioned twice"])
    }

    func testPartitionOfAnMAXIArgument() throws {
        XCTAssertEqual(try problems { $0.partition("top.x", .cyclic, factor: 4) },
                       ["top.x is an m_axi argument of top; ARRAY_PARTITION is not allowed on top-level m_axi ports"])
    }

    func testBindStorageOnAnMAXIArgument() throws {
        XCTAssertEqual(try problems { $0.bindStorage("top.w", .ram_1p, impl: .bram) },
                       ["top.w is an m_axi argument of top; BIND_STORAGE is not allowed on top-level m_axi ports"])
    }

    func testStorageLatencyBelowOne() throws {
        XCTAssertEqual(try problems { $0.bindStorage("top.xl", .ram_2p, impl: .bram, latency: 0) },
                       ["buffer top.xl: storage latency 0; expected at least 1"])
    }

    func testROMStorageOnAWrittenArray() throws {
        XCTAssertEqual(try problems { $0.bindStorage("top.tile", .rom_2p, impl: .bram) },
                       ["buffer top.tile: rom_2p is read-only, but tile is written; use a RAM type"])
    }

    // MARK: Interfaces

    func testInterfaceOptionsBelowOne() throws {
        XCTAssertEqual(try problems { s in
            s.interface("top.x", InterfaceDirectives(depth: 0, maxReadBurstLength: 0, maxWriteBurstLength: 0,
                                                     numReadOutstanding: 0))
        }, [
            "interface top.x: depth 0; expected at least 1",
            "interface top.x: max_read_burst_length 0; expected 1...256",
            "interface top.x: max_write_burst_length 0; expected 1...256",
            "interface top.x: num_read_outstanding 0; expected at least 1",
        ])
    }

    func testBurstLongerThanAXIAllows() throws {
        XCTAssertEqual(try problems { $0.interface("top.x", InterfaceDirectives(maxReadBurstLength: 512)) },
                       ["interface top.x: max_read_burst_length 512; expected 1...256"])
    }

    func testMaxWidenBitwidthMustBeAPowerOfTwoFrom8To1024() throws {
        for bad in [0, 4, 100, 2048] {
            XCTAssertEqual(try problems { $0.interface("top.w", InterfaceDirectives(maxWidenBitwidth: bad)) },
                           ["interface top.w: max_widen_bitwidth \(bad); expected a power of two from 8 to 1024"])
        }
        for good in [8, 64, 1024] {
            XCTAssertEqual(try problems { $0.interface("top.w", InterfaceDirectives(maxWidenBitwidth: good)) }, [])
        }
    }

    func testDepthSmallerThanTheArray() throws {
        XCTAssertEqual(try problems { $0.interface("top.w", InterfaceDirectives(depth: 100)) },
                       ["interface top.w: depth 100 is smaller than w, which has 512 elements; co-simulation would access past the port"])
    }

    func testBundleMustBeAnIdentifier() throws {
        XCTAssertEqual(try problems { $0.interface("top.w", InterfaceDirectives(bundle: "gmem w")) },
                       ["interface top.w: bundle \"gmem w\" is not a C identifier"])
    }

    func testPortsOfOneBundleNeedIdenticalOptions() throws {
        XCTAssertEqual(try problems { s in
            s.interface("top.w", InterfaceDirectives(bundle: "gmem", maxReadBurstLength: 64))
            s.interface("top.x", InterfaceDirectives(bundle: "gmem", maxReadBurstLength: 16))
            s.interface("top.y", InterfaceDirectives(bundle: "gmem", depth: 4, maxReadBurstLength: 64))
        }, ["interface bundle gmem: top.w and top.x share it but set different burst, outstanding, widen or bank options; ports of one bundle need identical options"])
    }

    // MARK: Banks against parallel accesses

    func testUnrolledReductionNeedsAPartition() throws {
        XCTAssertEqual(try warnings { $0.unroll("top.dot", factor: 8) },
                       ["buffer top.xl: loop top.dot is unrolled by 8, so it makes 8 parallel accesses to dimension 1 of xl, which has 1 bank; partition it cyclic with factor 8 or more"])
    }

    func testTooFewBanks() throws {
        XCTAssertEqual(try warnings { s in
            s.unroll("top.dot", factor: 16)
            s.partition("top.xl", .cyclic, factor: 4)
        }, ["buffer top.xl: loop top.dot is unrolled by 16, so it makes 16 parallel accesses to dimension 1 of xl, which has 4 banks; partition it cyclic with factor 16 or more"])
    }

    func testEnoughBanksInEveryForm() throws {
        for p in [Partition(type: .cyclic, factor: 8), Partition(type: .block, factor: 16),
                  Partition(type: .complete), Partition(type: .cyclic, factor: 8, dim: 0)] {
            XCTAssertEqual(try warnings { s in
                s.unroll("top.dot", factor: 8)
                s.buffers["top.xl"] = BufferDirectives(partitions: [p])
            }, [], "\(p)")
        }
    }

    func testFullUnrollCountsTheTripCount() throws {
        XCTAssertEqual(try warnings { $0.unroll("top.cols") }, [
            "buffer top.xl: loop top.cols is fully unrolled (8 iterations), so it makes 8 parallel accesses to dimension 1 of xl, which has 1 bank; partition it cyclic with factor 8 or more",
            "buffer top.tile: loop top.cols is fully unrolled (8 iterations), so it makes 8 parallel accesses to dimension 2 of tile, which has 1 bank; partition it complete in dimension 2",
        ])
    }

    func testLoopsUnrolledTogetherMultiply() throws {
        XCTAssertEqual(try warnings { s in
            s.unroll("top.fill", factor: 2)
            s.unroll("top.cols", factor: 4)
            s.partition("top.tile", .complete, dim: 0)
            s.partition("top.tab", .complete)
        }, ["buffer top.xl: loops top.fill (unrolled by 2) and top.cols (unrolled by 4) are unrolled together, so they make 8 parallel accesses to dimension 1 of xl, which has 1 bank; partition it cyclic with factor 8 or more"])
    }

    func testLoopsWhoseCounterIsNotInTheIndexDoNotCount() throws {
        // `rows` is unrolled, but xl[j] does not depend on r: every copy reads the same element.
        XCTAssertEqual(try warnings { $0.unroll("top.rows") }, [])
    }

    func testArgumentsAreNotCheckedForBanks() throws {
        XCTAssertEqual(try warnings { $0.unroll("sub.copy", factor: 16) }, [])
    }

    func testValidateThrowsEveryProblem() throws {
        let d = try fixture { s in
            s.pipeline("top.dot", ii: 0)
            s.lanes("top.dot", 0)
        }
        XCTAssertThrowsError(try ScheduleValidator.validate(d)) { e in
            XCTAssertEqual("\(e)", "loop top.dot: pipeline II 0; expected at least 1\nloop top.dot: lanes 0; expected 1...1024")
        }
    }

    func testScheduleTargetsNameEverything() throws {
        let t = try fixture().scheduleTargets
        XCTAssertEqual(t["top"], .kernel)
        XCTAssertEqual(t["sub"], .kernel)
        XCTAssertEqual(t["top.rows"], .loop)
        XCTAssertEqual(t["top.cols"], .loop)
        XCTAssertEqual(t["top.dot"], .reduction)
        XCTAssertEqual(t["top.xl"], .localArray)
        XCTAssertEqual(t["top.tab"], .table)
        XCTAssertEqual(t["top.w"], .argument(top: true))
        XCTAssertEqual(t["sub.a"], .argument(top: false))
        XCTAssertEqual(t.count, 16)
    }
}
