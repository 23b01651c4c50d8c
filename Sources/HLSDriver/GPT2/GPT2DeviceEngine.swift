import HLSIR
import HLSLayers

extension DeviceEngine {
    /// `designs[e]` must be `GPT2Devices.design(…, devices: designs.count, device: e)` of
    /// `model`'s shape.
    public convenience init(designs: [BoundDesign], model: GPT2Model) throws(DriverError) {
        var inputs: [[String: BufferData]] = []
        for d in designs { inputs.append(try model.inputs(for: d)) }
        try self.init(designs: designs, inputs: inputs)
    }
}
