import HLSEmitter
import HLSIR
import HLSLayers
import XCTest

/// IntegerLint: the emitted integer layers hold no float arithmetic; a float kernel, float
/// literals and libm calls are named line by line.
final class IntegerLintTests: XCTestCase {
    private func kernelSource(_ k: Kernel) throws -> String {
        let files = try Emitter.emit(try BoundDesign.bind(Design(top: k.name, kernels: [k], schedule: Schedule())))
        return try XCTUnwrap(files.first { $0.path.hasSuffix("\(k.name).cpp") }).contents
    }

    func testIntegerLayersAreIntegerOnly() throws {
        for k in [try IntegerSoftmax.kernel(maxSize: 16, inputScale: 0.01), try IntegerSiLU.kernel(size: 8),
                  try IntegerRMSNorm.kernel(size: 16, gainScale: 0.001, outputScale: 0.05),
                  try IntegerRequantize.kernel(size: 8, scale: 0.3), try IntegerGELU.kernel(size: 8),
                  try IntegerLayerNorm.kernel(size: 16, gainScale: 0.001, outputScale: 0.05),
                  try IntegerMatVecQ8.scaled("int_matvec_bias", n: 16, d: 4, groupSize: 4, shift: 20, bias: true)] {
            XCTAssertEqual(IntegerLint.problems(in: try kernelSource(k)), [], k.name)
        }
    }

    func testFloatKernelsAndLiteralsAreNamed() throws {
        XCTAssertFalse(IntegerLint.problems(in: try kernelSource(try Softmax.kernel(maxSize: 8))).isEmpty)
        let bad = IntegerLint.problems(in: "void k(int* y) {\n  y[0] = (int)(0.5f * 3);\n  y[1] = (int)sqrtf(2);\n  y[2] = 1e3;\n  y[3] = 12; // 1.5 in a comment\n}\n")
        XCTAssertEqual(bad.map { $0.prefix(7) }, ["line 2:", "line 3:", "line 4:"], "\(bad)")
    }
}
