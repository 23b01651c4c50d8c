import XCTest
@testable import HLSEstimator

final class DeviceTests: XCTestCase {
    func testBoardsByName() {
        XCTAssertEqual(Device.boards.map(\.name), ["f1", "u250", "u280", "u55c"])
        XCTAssertEqual(Device.board("U280")?.part, "xcu280-fsvh2892-2L-e")
        XCTAssertNil(Device.board("u50"))
        let f1 = Device.board("f1")!
        XCTAssertEqual(f1.available.dsp, 6840)
        XCTAssertEqual(f1.available.bram18k, 4320)
        XCTAssertEqual(f1.slrs, 3)
        XCTAssertEqual(f1.memoryBytesPerSecond, 76.8e9, accuracy: 1e6)
    }

    func testHBMBoards() {
        let u55c = Device.board("u55c")!
        XCTAssertEqual(u55c.memory.map(\.kind), ["HBM"])
        XCTAssertEqual(u55c.memoryBytesPerSecond, 460e9, accuracy: 1e6)
        let u280 = Device.board("u280")!
        XCTAssertEqual(u280.memoryBytesPerSecond, 460e9 + 38.4e9, accuracy: 1e6)
        XCTAssertEqual(u280.available, u55c.available)
    }

    func testPartsOfTheCalibrationSet() {
        XCTAssertEqual(Device.forPart("xcu55c-fsvh2892-2L-e")?.name, "u55c")
        XCTAssertEqual(Device.forPart("xc7z020clg400-1")?.family, .series7)
        XCTAssertEqual(Device.forPart("xc7z020-clg484-1")?.available.dsp, 220)
        XCTAssertEqual(Device.forPart("xc7a35tfgg484-2")?.available.bram18k, 100)
        XCTAssertEqual(Device.forPart("xczu3eg-sbva484-1-e")?.available.lut, 70_560)
        XCTAssertEqual(Device.forPart("xczu7ev-ffvc1156-2-e")?.available.uram, 96)
        XCTAssertEqual(Device.forPart("xczu19eg-ffvc1760-2-e")?.available.dsp, 1968)
        XCTAssertEqual(Device.forPart("xcv80-lsva4737-2MHP-e-S")?.family, .versal)
        XCTAssertEqual(Device.forPart("xcvu9p-flgb2104-2-i")?.name, "f1")
        XCTAssertNil(Device.forPart("xc2v1000"))
    }
}
