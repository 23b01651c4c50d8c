import HLSIR
import XCTest

/// Argument roles are checked once with the design: each names an argument of the right kind,
/// type, direction and size; every argument of a design with roles has one; packed arguments
/// match the design's packing.
final class ArgumentRoleValidatorTests: XCTestCase {
    /// `top(token, pos, logits[4], cache[2·3·1·2], w[4·2])`.
    private func design(_ roles: [String: ArgumentRole], family: ModelFamily? = .llama2c, w: Int = 8, wType: ScalarType = .float32,
                        cacheType: ScalarType = .float32, packing: [String: ArgumentPacking] = [:]) throws -> Design {
        let k = KernelBuilder("top")
        _ = k.size("token", max: 3)
        _ = k.size("pos", max: 2)
        let logits = k.output("logits", .float32, count: 4)
        let cache = k.inputOutput("cache", cacheType, count: 12)
        let weights = k.input("w", wType, count: w)
        k.loop("l", 4) { i in
            logits[i] = cache[i].cast(.float32)
            cache[i] = (cache[i].cast(.float32) + 1.0).cast(cacheType)
        }
        _ = weights
        return Design(top: "top", kernels: [try k.build()], schedule: Schedule(), packing: packing, roles: ArgumentRoles(family: family, roles))
    }

    private let tensor = WeightTensor("w", layers: 1, rows: 4, columns: 2)
    private var good: [String: ArgumentRole] {
        ["token": .token, "pos": .position, "logits": .logits,
         "cache": .cache(CacheSlice(.key, layers: 2, positions: 3, heads: 1, headSize: 2)), "w": .weights(tensor)]
    }

    private func problems(_ d: Design) -> String { ArgumentRoleValidator.problems(in: d).joined(separator: "\n") }

    func testValidRolesHaveNoProblems() throws {
        XCTAssertEqual(ArgumentRoleValidator.problems(in: try design(good)), [])
        XCTAssertEqual(ArgumentRoleValidator.problems(in: try design([:], family: nil)), [], "a design without roles")
        let d = try design(good)
        XCTAssertEqual(d.roles.argument(.token), "token")
        XCTAssertEqual(d.roles.caches.map(\.name), ["cache"])
        XCTAssertEqual(d.roles.tensors["w"], tensor)
    }

    /// A KV cache is float or fixed point (the `fixed` profile), nothing else.
    func testCacheTypes() throws {
        XCTAssertEqual(ArgumentRoleValidator.problems(in: try design(good, cacheType: .fixed(16, 6, .rndConv, .sat))), [])
        XCTAssertTrue(problems(try design(good, cacheType: .int8)).contains("argument cache has element type int8; its role needs float32 or a fixed-point type"))
    }

    func testRolesMustMatchTheirArguments() throws {
        var r = good
        r["pos"] = nil
        XCTAssertTrue(problems(try design(r)).contains("argument pos has no role"))
        r = good
        r["token"] = .logits
        XCTAssertTrue(problems(try design(r)).contains("argument token is a size parameter; its role needs an array"))
        r = good
        r["logits"] = .position
        XCTAssertTrue(problems(try design(r)).contains("argument logits is an array; role position needs a size parameter"))
        r = good
        r["ghost"] = .logits
        XCTAssertTrue(problems(try design(r)).contains("role for ghost, which is not an argument of top"))
        XCTAssertTrue(problems(try design(good, w: 9)).contains("argument w has 9 elements; its role needs 8"))
        XCTAssertTrue(problems(try design(good, wType: .int8)).contains("argument w has element type int8; its role needs float32"))
        r = good
        r["w"] = .cache(CacheSlice(.value, layers: 1, positions: 1, heads: 1, headSize: 8))
        XCTAssertTrue(problems(try design(r)).contains("argument w is input; its role needs inout"))
        r = good
        r["cache"] = .cache(CacheSlice(.key, part: 1, of: 2, layers: 2, positions: 3, heads: 1, headSize: 2))
        XCTAssertTrue(problems(try design(r)).contains("the key cache parts are [1]; expected 0 ..< 2"))
        XCTAssertTrue(problems(try design(good, family: nil)).contains("argument roles name no model family"))
        r = good
        r["w"] = .weights(WeightTensor("w", format: .q8Scales(groupSize: 3), rows: 4, columns: 2))
        XCTAssertTrue(problems(try design(r)).contains("group size 3; expected a positive divisor of its 2 columns"))
    }

    func testPackedArgumentsMatchThePacking() throws {
        let a = WeightTensor("a", rows: 2, columns: 2), b = WeightTensor("b", rows: 2, columns: 2)
        var packing = ArgumentPacking()
        packing.append("a", start: 0, count: 4)
        packing.append("b", start: 0, count: 4)
        var r = good
        r["w"] = .packed([a, b])
        XCTAssertEqual(ArgumentRoleValidator.problems(in: try design(r, packing: ["w": packing])), [])
        XCTAssertTrue(problems(try design(r)).contains("argument w is packed but the design has no packing for it"))
        var short = ArgumentPacking()
        short.append("a", start: 0, count: 4)
        short.append("b", start: 2, count: 4)
        XCTAssertTrue(problems(try design(r, packing: ["w": short])).contains("argument w packs b[2 ..< 6], past its 4 elements"))
        r["w"] = .packed([a])
        XCTAssertTrue(problems(try design(r, packing: ["w": packing])).contains("argument w packs b, which its role does not list"))
        XCTAssertTrue(problems(try design(good, packing: ["w": packing])).contains("argument w has a packing but not the packed role"))
    }

    /// The validator runs with the design's other checks (BoundDesign.bind).
    func testBindingRejectsBadRoles() throws {
        var r = good
        r["w"] = nil
        XCTAssertThrowsError(try BoundDesign.bind(try design(r))) { XCTAssertTrue("\($0)".contains("argument w has no role"), "\($0)") }
    }

    /// `device(stage, layer, token, pos, input[4], output[3], x[4], w[2])`: a device kernel of a
    /// split model, holding rows 1 and 3 of a 4 × 1 tensor.
    private func device(_ roles: [String: ArgumentRole], rows: [Int] = [1, 3]) throws -> Design {
        let k = KernelBuilder("device")
        _ = k.size("stage", max: 5)
        _ = k.size("layer", max: 1)
        _ = k.size("token", max: 3)
        _ = k.size("pos", max: 2)
        let input = k.input("input", .float32, count: 4)
        let output = k.output("output", .float32, count: 3)
        let x = k.inputOutput("x", .float32, count: 4)
        _ = k.input("w", .float32, count: 2)
        k.loop("l", 3) { i in
            output[i] = x[i] + input[i]
            x[i] = input[i]
        }
        var packing = ArgumentPacking()
        for r in rows { packing.append("w", start: r, count: 1) }
        return Design(top: "device", kernels: [try k.build()], schedule: Schedule(), packing: ["w": packing],
                      roles: ArgumentRoles(family: .gpt2, roles))
    }

    private var deviceRoles: [String: ArgumentRole] {
        ["stage": .stage, "layer": .layer, "token": .token, "pos": .position, "input": .stageInput,
         "output": .stageOutput(words: [0, 2, 2, 3, 2, 1]), "x": .residual, "w": .packed([WeightTensor("w", rows: 4, columns: 1)])]
    }

    /// A device kernel's packed arguments hold a slice of their tensors; its stage output
    /// states the words of each of the six stages; it needs every device role.
    func testDeviceKernelRoles() throws {
        XCTAssertEqual(ArgumentRoleValidator.problems(in: try device(deviceRoles)), [])
        var r = deviceRoles
        r["output"] = .stageOutput(words: [0, 2, 2])
        XCTAssertTrue(problems(try device(r)).contains("argument output gives output words [0, 2, 2] per stage; expected 6 counts of at most its 3 elements"))
        r["output"] = .stageOutput(words: [0, 2, 2, 4, 2, 1])
        XCTAssertTrue(problems(try device(r)).contains("expected 6 counts of at most its 3 elements"))
        r = deviceRoles
        r["layer"] = nil
        XCTAssertTrue(problems(try device(r)).contains("a device kernel (it has a stage argument) needs an argument with role layer"))
        r = deviceRoles
        r["x"] = .stageInput
        XCTAssertTrue(problems(try device(r)).contains("argument x is inout; its role needs input"))
        // Without a stage (not a device kernel) a packed argument must take all of its tensor.
        r = deviceRoles
        r["stage"] = .token
        XCTAssertTrue(problems(try device(r)).contains("the packed arguments take 2 elements of w; expected all 4"))
    }
}
