import CustomLayer
import HLSDriver
import HLSEmitter
import HLSIR
import HLSTestSupport
import HLSLayers
import XCTest

/// Every kernel HLSGen generates — the layer catalog in both profiles, the whole-model
/// designs, the custom layer and hundreds of random programs — stays inside the
/// synthesizable subset, and every emitted pragma follows the grammar of vitis-hls.md.
final class GeneratedKernelLintTests: XCTestCase {
    private func check(_ designs: [Design], file: StaticString = #filePath, line: UInt = #line) throws {
        for d in designs {
            for f in try Emitter.emit(try BoundDesign.bind(d)) {
                XCTAssertEqual(PragmaLint.problems(in: f.contents), [], "\(d.top)/\(f.path)", file: file, line: line)
                if f.path == "\(d.top).cpp" {
                    XCTAssertEqual(SubsetLint.problems(in: f.contents), [], "\(d.top)/\(f.path)", file: file, line: line)
                }
            }
        }
    }

    func testCatalogAndCustomLayer() throws {
        for profile in MathProfile.allCases {
            var p = DesignParameters()
            p.profile = profile
            try check(try DesignCatalog.designs(p))
        }
        try check([try customLayerDesign()])
    }

    func testWholeModelDesigns() throws {
        let shape = LlamaShape(dim: 64, hidden: 172, layers: 2, heads: 8, kvHeads: 4, vocab: 512, seqLen: 64)
        for weights in [LlamaWeights.float, .q8(groupSize: 4)] {
            for profile in MathProfile.allCases {
                for style in LlamaSchedule.allCases {
                    try check([try LlamaForward.design(shape, weights: weights, profile: profile, schedule: style)])
                }
            }
        }
    }

    func testRandomPrograms() throws {
        var g = RandomProgramGenerator(seed: 2026)
        try check((0..<300).map { g.design(named: "rnd\($0)") })
    }
}
