// The HLSGen product: everything a layer author needs from one `import HLSGen`.
//
// - The DSL and IR (`KernelBuilder`, `Expr`, `Schedule`, `Design`, `BufferData`, ...) from HLSIR.
// - The layer library (`RMSNorm`, `Softmax`, `MatVec`, `ExactMath`, `DesignCatalog`, ...) from HLSLayers.
// - `HLSGen` (generate, verify, interpret, estimate, configure a design) and `HLSGenCLI`
//   (the `generate`/`verify`/`estimate` command line for a package's own designs), here.
//
// The readers (HLSInterpreter, HLSEmitter, HLSEstimator), the config reader and the driver
// stay internal: their types do not appear in this API.
@_exported import HLSIR
@_exported import HLSLayers
