import HLSIR
import XCTest

/// The call sequence of a token on a split model (`DeviceStage.sequence`): what the
/// interpreter's device engine runs and the multi-device host's stage plan lists.
final class DeviceStageTests: XCTestCase {
    func testSequenceOfTwoLayers() {
        let calls = DeviceStage.sequence(layers: 2)
        XCTAssertEqual(calls.map(\.stage), [.embed, .attention, .projection, .up, .down, .attention, .projection, .up, .down, .final])
        XCTAssertEqual(calls.map(\.layer), [0, 0, 0, 0, 0, 1, 1, 1, 1, 0])
        XCTAssertEqual(DeviceStage.allCases.filter(\.perLayer), [.attention, .projection, .up, .down])
        // Only the embedding and the first layer's attention take no gathered input.
        XCTAssertEqual(calls.map(\.input), [false, false, true, true, true, true, true, true, true, true])
    }

    func testCallsPerStageMatchTheSequence() {
        for layers in [1, 3, 48] {
            let calls = DeviceStage.sequence(layers: layers)
            XCTAssertEqual(calls.count, 2 + 4 * layers)
            for stage in DeviceStage.allCases {
                XCTAssertEqual(calls.filter { $0.stage == stage }.count, stage.calls(layers: layers), "\(stage), \(layers) layers")
            }
        }
    }
}
