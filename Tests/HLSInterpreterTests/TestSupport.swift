import HLSIR
@testable import HLSInterpreter
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

/// Runs `design` with the specialised routines and with the general closures only, and
/// asserts that every output word is identical bit for bit and that each loop of `routines`
/// ran the routine named (nil: none). The one check every specialised routine is held to.
func assertSpecialisedMatchesGeneral(_ design: Design, _ inputs: [String: BufferData], routines: [String: String?],
                                     file: StaticString = #filePath, line: UInt = #line) throws {
    let fast = Interpreter(try BoundDesign.bind(design), specialise: true)
    for (name, routine) in routines {
        XCTAssertEqual(fast.specialisedLoops[name], routine, "\(name)", file: file, line: line)
    }
    let general = Interpreter(try BoundDesign.bind(design), specialise: false)
    XCTAssertEqual(general.specialisedLoops, [:], file: file, line: line)
    let a = try fast.run(inputs), b = try general.run(inputs)
    XCTAssertEqual(Set(a.keys), Set(b.keys), file: file, line: line)
    for (name, data) in b {
        switch data {
        case .float(let v): XCTAssertBitsEqual(a.floats(name), v, file: file, line: line)
        case .raw(let v): XCTAssertEqual(a.raws(name), v, "\(name)", file: file, line: line)
        }
    }
}

/// `n` seeded floats uniform in [lo, hi).
func randomFloats(_ n: Int, _ rng: inout SeededRandom, _ lo: Float = -3, _ hi: Float = 3) -> [Float] {
    (0..<n).map { _ in rng.float(lo, hi) }
}
