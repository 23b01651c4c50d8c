import XCTest
import HLSIR
@testable import HLSEstimator

/// Builds a one-kernel design and binds it (failing the test on a validation error).
func bound(_ kernel: Kernel, _ schedule: Schedule = Schedule(), extra: [Kernel] = []) throws -> BoundDesign {
    try BoundDesign.bind(Design(top: kernel.name, kernels: extra + [kernel], schedule: schedule))
}

/// The loop estimate named `name` anywhere in the design estimate.
func loopEstimate(_ e: DesignEstimate, _ name: String) -> LoopEstimate? {
    func find(_ loops: [LoopEstimate]) -> LoopEstimate? {
        for l in loops {
            if l.name == name { return l }
            if let c = find(l.children) { return c }
        }
        return nil
    }
    for f in e.functions { if let l = find(f.loops) { return l } }
    return nil
}

let u55c = Device.board("u55c")!
let f1 = Device.board("f1")!
