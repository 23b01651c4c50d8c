import Foundation
import HLSDriver
import HLSIR
import HLSLayers
import HLSModels
import XCTest

/// The interpreter's inputs of a Llama design come from its argument roles: each weight
/// argument its checkpoint tensor, each packed argument its segments, caches and gathered
/// rows zeroed, sizes 0 — and a role asking for a tensor the checkpoint lacks is an error.
final class LlamaModelInputsTests: XCTestCase {
    func testInputsFollowTheRoles() throws {
        let dir = try TestSupport.temporaryDirectory(self)
        let (checkpoint, _) = try LlamaTestSupport.writeRandomModel(q8GroupSize: 8, into: dir)
        let model = try LlamaModel.load(checkpoint: checkpoint)
        let tensors = model.tensors()
        let forward = try BoundDesign.bind(try model.design(profile: .libm, schedule: .reference))
        let inputs = try model.inputs(for: forward)
        XCTAssertEqual(Set(inputs.keys), Set(forward.design.topKernel.parameters.map(\.name)).subtracting(["logits"]))
        XCTAssertEqual(inputs["wq_q"], tensors["wq_q"])
        XCTAssertEqual(inputs["token_embedding"], tensors["token_embedding"])
        XCTAssertEqual(inputs["key_cache"], .zeros(.float32, count: 2 * 32 * 16))

        let engines = try BoundDesign.bind(try model.design(profile: .libm, schedule: .hardware, engines: 2))
        let packed = try model.inputs(for: engines)
        let expected = engines.design.packing["w_s_e1"]!.pack { name -> [Float]? in
            if case .float(let x)? = tensors[name] { return x } else { return nil }
        }
        XCTAssertEqual(packed["w_s_e1"], .float(try XCTUnwrap(expected)))

        let prefill = try BoundDesign.bind(try model.prefillDesign(profile: .libm, schedule: .reference, block: 4))
        XCTAssertEqual(try model.inputs(for: prefill)["embedded"], .zeros(.float32, count: 4 * 32))

        // A float design for a Q8_0 checkpoint: the roles ask for float matrices it does not have.
        let float = try BoundDesign.bind(try LlamaForward.design(model.shape, weights: .float, profile: .libm))
        XCTAssertThrowsError(try model.inputs(for: float)) { XCTAssertTrue("\($0)".contains("needs tensor w"), "\($0)") }
    }
}
