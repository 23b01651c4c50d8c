import CalibrationKernels
import HLSDriver
import HLSEmitter
import HLSIR
import HLSInterpreter
import XCTest

/// The 12 calibration kernels build, bind, run in the interpreter, emit lint-clean C++ and
/// (when g++ and the ap_types headers are available) agree bit for bit with their compiled C
/// simulation.
final class CalibrationKernelsTests: XCTestCase {
    private func designs() throws -> [Design] {
        try CalibrationSet.ids.map { id in
            guard let d = try CalibrationSet.build(id) else { throw XCTSkip("no design for \(id)") }
            return d
        }
    }

    func testTwelveKernelsWithDistinctIds() {
        XCTAssertEqual(CalibrationSet.ids.count, 12)
        XCTAssertEqual(Set(CalibrationSet.ids).count, 12)
        XCTAssertNil(CalibrationSet.design(for: "no_such_kernel"))
    }

    func testEveryDesignBindsAndRunsInTheInterpreter() throws {
        for (n, id) in CalibrationSet.ids.enumerated() {
            let design = try XCTUnwrap(try CalibrationSet.build(id), id)
            // Warnings are allowed: softmax's find_max reads its one-bank buffer twice per
            // iteration, as the source does (hence its II 2).
            let interpreter = Interpreter(try BoundDesign.bind(design))
            let inputs = RandomInputs.make(for: design.topKernel, seed: UInt64(100 + n))
            let outputs = try interpreter.run(inputs)
            XCTAssertEqual(Set(outputs.keys), Set(design.topKernel.argumentBuffers.map(\.name)), id)
        }
    }

    func testEmittedKernelsPassTheLints() throws {
        for d in try designs() {
            for f in try Emitter.emit(try BoundDesign.bind(d)) {
                XCTAssertEqual(PragmaLint.problems(in: f.contents), [], "\(d.top)/\(f.path)")
                if f.path == "\(d.top).cpp" {
                    XCTAssertEqual(SubsetLint.problems(in: f.contents), [], "\(d.top)/\(f.path)")
                }
            }
        }
    }

    func testInterfaceModesAreRendered() throws {
        let gemv = try Emitter.emit(try BoundDesign.bind(try XCTUnwrap(CalibrationSet.design(for: StreamGEMV.id))))
        let cpp = try XCTUnwrap(gemv.first { $0.path == "Multiply_VecMat.cpp" }).contents
        XCTAssertTrue(cpp.contains("#pragma HLS INTERFACE mode=ap_fifo port=mat_strm"), cpp)
        let mm = try Emitter.emit(try BoundDesign.bind(try XCTUnwrap(CalibrationSet.design(for: MatMul3x3.id))))
        let mmCpp = try XCTUnwrap(mm.first { $0.path == "matrixmul.cpp" }).contents
        XCTAssertTrue(mmCpp.contains("#pragma HLS INTERFACE mode=ap_memory port=a storage_type=ram_2p"), mmCpp)
        let dot = try Emitter.emit(try BoundDesign.bind(try XCTUnwrap(CalibrationSet.design(for: Dot48.id))))
        let dotCpp = try XCTUnwrap(dot.first { $0.path == "dot_product_M.cpp" }).contents
        XCTAssertTrue(dotCpp.contains("#pragma HLS ARRAY_PARTITION variable=v1 type=complete dim=1"), dotCpp)
    }

    /// The emitted C++ compiles and its C simulation matches the interpreter word for word.
    func testCSimulationMatchesTheInterpreter() throws {
        _ = try TestSupport.compiler()
        let root = try TestSupport.temporaryDirectory(self)
        let verdicts = try Workflow.generateAndVerify(try designs(), into: root, seed: 7)
        XCTAssertEqual(verdicts.count, 12)
        for v in verdicts { XCTAssertTrue(v.passed, "\(v)") }
    }
}
