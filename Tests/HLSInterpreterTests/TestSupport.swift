import HLSIR
import HLSInterpreter
import XCTest

/// Builds a one-kernel design with `body` and runs it on `inputs`.
func runKernel(_ name: String = "k", schedule: Schedule = Schedule(), inputs: [String: BufferData] = [:],
               file: StaticString = #filePath, line: UInt = #line,
               _ body: (KernelBuilder) -> Void) throws -> [String: BufferData] {
    let k = KernelBuilder(name)
    body(k)
    let design = Design(top: name, kernels: [try k.build()], schedule: schedule)
    return try Interpreter(try BoundDesign.bind(design)).run(inputs)
}

extension BufferData {
    var floats: [Float] { if case .float(let v) = self { return v } else { return [] } }
    var raws: [Int64] { if case .raw(let v) = self { return v } else { return [] } }
}

extension Dictionary where Key == String, Value == BufferData {
    func floats(_ name: String) -> [Float] { self[name]?.floats ?? [] }
    func raws(_ name: String) -> [Int64] { self[name]?.raws ?? [] }
}

/// Asserts that two float arrays are identical bit for bit.
func XCTAssertBitsEqual(_ a: [Float], _ b: [Float], file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.map(\.bitPattern), b.map(\.bitPattern), "\(a) vs \(b)", file: file, line: line)
}
