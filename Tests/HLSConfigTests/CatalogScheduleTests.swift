import HLSIR
import HLSLayers
import XCTest

/// The catalog's default schedules are valid, for the default parameters and for others.
final class CatalogScheduleTests: XCTestCase {
    func testDefaultDesignsPassTheScheduleValidator() throws {
        for d in try DesignCatalog.designs(DesignParameters()) {
            XCTAssertEqual(ScheduleValidator.problems(in: d), [], d.top)
        }
    }

    func testOtherParametersPassTheScheduleValidator() throws {
        let sets: [(Int, Int, Int, Int, Int, MathProfile)] = [
            (64, 176, 16, 64, 4, .exact), (64, 172, 4, 512, 3, .libm), (96, 200, 48, 100, 7, .libm),
            (1, 1, 1, 1, 1, .exact), (768, 2048, 64, 1024, 16, .libm),
        ]
        for (dim, hidden, gs, seq, lanes, profile) in sets {
            var p = DesignParameters()
            (p.dim, p.hidden, p.groupSize, p.maxSequence, p.lanes, p.profile) = (dim, hidden, gs, seq, lanes, profile)
            for d in try DesignCatalog.designs(p) {
                XCTAssertEqual(ScheduleValidator.problems(in: d), [], "\(d.top) with \(p)")
            }
        }
    }
}
