import HLSIR
import HLSInterpreter
import HLSLayers
import XCTest

/// The block products (`MatMat`) give, for every token of the block, the bits of the
/// single-token product (`MatVec`, `MatVecQ8`) with the same lanes — for lane counts below,
/// at and above the number of terms, tiles of 1 … the block, row blocks, and a block shorter
/// than its maximum (rows past `count` are not written).
final class MatMatTests: XCTestCase {
    /// Runs `kernel` alone (as a design's top) with `inputs`.
    func run(_ kernel: Kernel, _ schedule: Schedule = Schedule(), _ inputs: [String: BufferData]) throws -> [String: BufferData] {
        let d = Design(top: kernel.name, kernels: [kernel], schedule: schedule)
        return try Interpreter(try BoundDesign.bind(d)).run(inputs)
    }

    func floats(_ n: Int, _ r: inout SeededRandom) -> [Float] {
        (0..<n).map { _ in Float(Int(r.next() % 2001) - 1000) / 337 }
    }

    func testFloatBlockEqualsTokenProducts() throws {
        let n = 12, d = 6, tokens = 4
        var rng = SeededRandom(seed: 11)
        let w = floats(n * d, &rng), x = floats(n * tokens, &rng)
        for lanes in [1, 3, 12, 16] {
            var schedule = Schedule()
            schedule.lanes("mv.dot", lanes)
            let mv = try MatVec.kernel("mv", n: n, d: d)
            for (tile, rowBlock, count) in [(1, 1, 4), (2, 3, 4), (4, 6, 3), (4, 2, 1)] {
                let mm = try MatMat.kernel("mm", n: n, d: d, tokens: tokens, tile: tile, lanes: lanes, rowBlock: rowBlock)
                let sentinel = Float(-7.25)
                let out = try run(mm, Schedule(), ["x": .float(x), "w": .float(w), "count": .raw([Int64(count)]),
                                                   "xout": .float([Float](repeating: sentinel, count: tokens * d))])
                guard case .float(let got)? = out["xout"] else { return XCTFail("no xout") }
                for b in 0..<tokens {
                    let row = Array(got[b * d ..< (b + 1) * d])
                    if b >= count {
                        XCTAssertEqual(row, [Float](repeating: sentinel, count: d), "token \(b) past count \(count)")
                        continue
                    }
                    let one = try run(mv, schedule, ["x": .float(Array(x[b * n ..< (b + 1) * n])), "w": .float(w)])
                    guard case .float(let want)? = one["xout"] else { return XCTFail("no xout") }
                    XCTAssertEqual(row.map(\.bitPattern), want.map(\.bitPattern), "lanes \(lanes) tile \(tile) rows \(rowBlock) token \(b)")
                }
            }
        }
    }

    func testQ8BlockEqualsTokenProducts() throws {
        let gs = 4, n = 12, d = 4, tokens = 6
        var rng = SeededRandom(seed: 5)
        let wq = (0..<(n * d)).map { _ in Int64(Int(rng.next() % 255) - 127) }
        let xq = (0..<(n * tokens)).map { _ in Int64(Int(rng.next() % 255) - 127) }
        let ws = floats(n * d / gs, &rng), xs = floats(n * tokens / gs, &rng)
        for lanes in [1, 2, 3, 5] {
            var schedule = Schedule()
            schedule.lanes("mv.groups", lanes)
            let mv = try MatVecQ8.quantized("mv", n: n, d: d, groupSize: gs)
            for (tile, rowBlock, count) in [(1, 1, 6), (3, 2, 5), (6, 4, 6), (2, 1, 2)] {
                let mm = try MatMat.q8("mm", n: n, d: d, groupSize: gs, tokens: tokens, tile: tile, lanes: lanes, rowBlock: rowBlock)
                let out = try run(mm, Schedule(), ["xq": .raw(xq), "xs": .float(xs), "wq": .raw(wq), "ws": .float(ws),
                                                   "count": .raw([Int64(count)])])
                guard case .float(let got)? = out["xout"] else { return XCTFail("no xout") }
                for b in 0..<count {
                    let one = try run(mv, schedule, ["xq": .raw(Array(xq[b * n ..< (b + 1) * n])),
                                                     "xs": .float(Array(xs[b * (n / gs) ..< (b + 1) * (n / gs)])),
                                                     "wq": .raw(wq), "ws": .float(ws)])
                    guard case .float(let want)? = one["xout"] else { return XCTFail("no xout") }
                    XCTAssertEqual(Array(got[b * d ..< (b + 1) * d]).map(\.bitPattern), want.map(\.bitPattern),
                                   "lanes \(lanes) tile \(tile) rows \(rowBlock) token \(b)")
                }
            }
        }
    }

    func testTileAndRowBlockMustDivide() {
        XCTAssertThrowsError(try MatMat.kernel("mm", n: 4, d: 6, tokens: 4, tile: 3)) { e in
            XCTAssertTrue("\(e)".contains("tile 3 does not divide the block of 4 tokens"), "\(e)")
        }
        XCTAssertThrowsError(try MatMat.q8("mm", n: 4, d: 6, groupSize: 2, tokens: 4, rowBlock: 4)) { e in
            XCTAssertTrue("\(e)".contains("row block 4 does not divide the 6 rows"), "\(e)")
        }
    }
}
