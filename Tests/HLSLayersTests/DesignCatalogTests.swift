import HLSIR
import HLSLayers
import XCTest

final class DesignCatalogTests: XCTestCase {
    func testDefaultDesignsBuildAndValidate() throws {
        let designs = try DesignCatalog.designs(DesignParameters())
        XCTAssertEqual(designs.map(\.top), DesignCatalog.names)
        for d in designs { XCTAssertEqual(KernelValidator.problems(in: d), [], d.top) }
    }

    func testOtherDimensionsBuild() throws {
        var p = DesignParameters()
        (p.dim, p.hidden, p.groupSize, p.maxSequence, p.lanes) = (64, 172, 4, 512, 3)
        let designs = try DesignCatalog.designs(p)
        XCTAssertEqual(designs.count, DesignCatalog.names.count)
    }

    func testBadParametersAreNamed() {
        var p = DesignParameters()
        p.groupSize = 48
        XCTAssertThrowsError(try DesignCatalog.designs(p)) { e in
            XCTAssertEqual("\(e)", "parameter group_size 48 does not divide dim 128")
        }
        p = DesignParameters()
        p.hidden = 0
        XCTAssertThrowsError(try DesignCatalog.designs(p)) { e in
            XCTAssertEqual("\(e)", "parameter hidden is 0; expected a positive integer")
        }
    }

    func testExactProfileLeavesNoLibmCall() throws {
        var p = DesignParameters()
        p.profile = .exact
        for d in try DesignCatalog.designs(p) {
            for k in d.kernels {
                XCTAssertEqual(mathCalls(k.body), [], "\(d.top).\(k.name) calls libm in the exact profile")
            }
        }
        // And the libm profile does use expf (softmax, SwiGLU).
        let libm = try DesignCatalog.designs(DesignParameters())
        XCTAssertTrue(libm.flatMap { $0.kernels }.flatMap { mathCalls($0.body) }.contains(.expf))
    }

    func testLayerNamesAreTheDocumentedDottedNames() throws {
        let designs = try DesignCatalog.designs(DesignParameters())
        var labels: Set<String> = []
        for d in designs {
            for k in d.kernels { collectLabels(k.body, kernel: k.name, into: &labels) }
        }
        for name in ["rmsnorm.sum_sq", "rmsnorm.normalize", "softmax.find_max", "softmax.exp_sum",
                     "softmax.normalize", "matvec.rows", "matvec.dot", "matvec_q8.rows", "matvec_q8.groups",
                     "matvec_q8.dot", "matvec_q8_quantize.groups", "matvec_q8_quantize.absmax",
                     "matvec_q8_quantize.values", "swiglu_ffn.gate", "swiglu_ffn_up.dot", "swiglu_ffn_down.dot",
                     "residual.add"] {
            XCTAssertTrue(labels.contains(name), name)
        }
    }

    private func collectLabels(_ body: [Stmt], kernel: String, into out: inout Set<String>) {
        for s in body {
            switch s {
            case .loop(let l):
                out.insert("\(kernel).\(l.name)")
                collectLabels(l.body, kernel: kernel, into: &out)
            case .reduce(let r):
                out.insert("\(kernel).\(r.name)")
                collectLabels(r.body, kernel: kernel, into: &out)
            case .branch(_, let t, let o):
                collectLabels(t, kernel: kernel, into: &out)
                collectLabels(o, kernel: kernel, into: &out)
            default: break
            }
        }
    }

    private func mathCalls(_ body: [Stmt]) -> [MathFunction] {
        var out: [MathFunction] = []
        func visit(_ e: Expr) { e.walk { if case .math(let f, _) = $0.node { out.append(f) } } }
        for s in body {
            switch s {
            case .loop(let l): out += mathCalls(l.body)
            case .reduce(let r):
                out += mathCalls(r.body)
                visit(r.value)
            case .bind(_, let e), .declare(_, let e), .assign(_, let e), .store(_, _, let e): visit(e)
            case .branch(let c, let t, let o):
                visit(c)
                out += mathCalls(t) + mathCalls(o)
            case .call: break
            }
        }
        return out
    }
}
