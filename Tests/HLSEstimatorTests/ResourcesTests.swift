import XCTest
@testable import HLSEstimator

final class ResourcesTests: XCTestCase {
    func testResourcesAddAndScaleFieldByField() {
        let a = Resources(dsp: 3, bram18k: 2, uram: 1, ff: 100, lut: 50)
        let b = Resources(dsp: 2, bram18k: 0, uram: 0, ff: 10, lut: 5)
        XCTAssertEqual(a + b, Resources(dsp: 5, bram18k: 2, uram: 1, ff: 110, lut: 55))
        XCTAssertEqual(b * 3, Resources(dsp: 6, bram18k: 0, uram: 0, ff: 30, lut: 15))
    }

    func testCycleRangesAddPerBound() {
        let r = CycleRange(min: 1, avg: 5, max: 10) + CycleRange(exactly: 2)
        XCTAssertEqual(r, CycleRange(min: 3, avg: 7, max: 12))
        XCTAssertEqual(r.description, "3~12")
    }
}
