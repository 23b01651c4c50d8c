import HLSIR

/// A model the interpreter engine (`LlamaInterpreterEngine`) runs: it fills a design's inputs
/// by argument role and gathers a prefill block's embedding rows. `LlamaModel` and `GPT2Model`.
public protocol BlockModel {
    /// The design's inputs, filled by argument role (scalars 0, caches zeroed, weights).
    func inputs(for bound: BoundDesign) throws(DriverError) -> [String: BufferData]
    /// The embedding rows of `tokens`, token after token, zero-padded to `block` rows: the
    /// prefill design's gathered argument.
    func embedded(_ tokens: [Int], block: Int) -> [Float]
}

extension LlamaModel: BlockModel {}
