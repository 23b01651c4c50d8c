// swift-tools-version:6.0
import PackageDescription

// Data flow: HLSIR (types, IR, DSL, schedule, BoundDesign) → HLSLayers (layer library)
//   → HLSInterpreter | HLSEmitter | HLSEstimator (independent readers of the bound design)
//   → HLSConfig (JSON → parameters + schedule overrides) → HLSDriver (verify, estimate, bench) → hlsgen,
//   and → HLSGen (the library product: re-exports HLSIR and HLSLayers, a small API over the rest).
let package = Package(
    name: "HLSGen",
    products: [
        .executable(name: "hlsgen", targets: ["hlsgen"]),
        .library(name: "HLSIR", targets: ["HLSIR"]),
        // The library a layer author depends on from their own package (examples/LayerPackage):
        // the DSL, the layer library, and generate/verify/interpret/estimate (docs/dsl.md).
        .library(name: "HLSGen", targets: ["HLSGen"]),
    ],
    targets: [
        .target(name: "HLSIR"),
        .target(name: "HLSLayers", dependencies: ["HLSIR"]),
        .target(name: "HLSInterpreter", dependencies: ["HLSIR"]),
        .target(name: "HLSEmitter", dependencies: ["HLSIR"], resources: []),
        .target(name: "HLSEstimator", dependencies: ["HLSIR"]),
        .target(name: "HLSConfig", dependencies: ["HLSIR", "HLSLayers"]),
        .target(name: "HLSModels", dependencies: ["HLSIR"]),
        .target(name: "HLSDriver", dependencies: ["HLSIR", "HLSLayers", "HLSInterpreter", "HLSEmitter", "HLSEstimator", "HLSConfig", "HLSModels", "CalibrationKernels"]),
        .executableTarget(name: "hlsgen", dependencies: ["HLSDriver"]),
        // The public facade: re-exports HLSIR and HLSLayers; the readers and the driver stay internal.
        .target(name: "HLSGen", dependencies: ["HLSIR", "HLSLayers", "HLSDriver", "HLSConfig", "HLSEmitter", "HLSEstimator", "HLSInterpreter"]),
        // A custom layer written by a user in the DSL (examples/CustomLayer).
        .target(name: "CustomLayer", dependencies: ["HLSIR"], path: "examples/CustomLayer/Layer"),
        .executableTarget(name: "custom-layer", dependencies: ["CustomLayer", "HLSGen"], path: "examples/CustomLayer/Run"),
        // Test-only code shared by the test targets (random programs, their contract checker,
        // the C-simulation toolchain): never part of the product.
        .target(name: "HLSTestSupport", dependencies: ["HLSIR", "HLSDriver"], path: "Tests/Support"),
        // The Vitis HLS calibration kernels written in the DSL (examples/calibration).
        .target(name: "CalibrationKernels", dependencies: ["HLSIR"], path: "examples/calibration/Kernels"),
        .testTarget(name: "HLSIRTests", dependencies: ["HLSIR"]),
        .testTarget(name: "HLSLayersTests", dependencies: ["HLSIR", "HLSLayers", "HLSInterpreter"]),
        .testTarget(name: "HLSInterpreterTests", dependencies: ["HLSIR", "HLSInterpreter", "HLSLayers"]),
        .testTarget(name: "HLSEmitterTests", dependencies: ["HLSIR", "HLSEmitter", "HLSLayers", "HLSModels", "HLSTestSupport"]),
        .testTarget(name: "HLSConfigTests", dependencies: ["HLSIR", "HLSConfig", "HLSLayers"]),
        .testTarget(name: "HLSModelsTests", dependencies: ["HLSIR", "HLSModels"]),
        .testTarget(name: "HLSGenTests", dependencies: ["HLSGen", "HLSTestSupport"]),
        .testTarget(name: "HLSEstimatorTests", dependencies: ["HLSIR", "HLSLayers", "HLSEstimator", "CalibrationKernels"]),
        .testTarget(name: "HLSDriverTests", dependencies: ["HLSIR", "HLSLayers", "HLSInterpreter", "HLSEmitter", "HLSConfig", "HLSDriver", "HLSModels",
                                                         "HLSEstimator", "CustomLayer", "CalibrationKernels", "HLSTestSupport"]),
    ]
)
