// swift-tools-version:6.0
import PackageDescription

// Data flow: HLSIR (types, IR, DSL, schedule) → HLSLayers (layer library)
//   → HLSInterpreter | HLSEmitter (independent readers of the IR)
//   → HLSConfig (JSON → parameters + schedule overrides) → HLSDriver (verify, bench) → hlsgen.
let package = Package(
    name: "HLSGen",
    products: [
        .executable(name: "hlsgen", targets: ["hlsgen"]),
        .library(name: "HLSIR", targets: ["HLSIR"]),
    ],
    targets: [
        .target(name: "HLSIR"),
        .target(name: "HLSLayers", dependencies: ["HLSIR"]),
        .target(name: "HLSInterpreter", dependencies: ["HLSIR"]),
        .target(name: "HLSEmitter", dependencies: ["HLSIR"], resources: []),
        .target(name: "HLSConfig", dependencies: ["HLSIR", "HLSLayers"]),
        .target(name: "HLSDriver", dependencies: ["HLSIR", "HLSLayers", "HLSInterpreter", "HLSEmitter", "HLSConfig"]),
        .executableTarget(name: "hlsgen", dependencies: ["HLSDriver"]),
        // A custom layer written by a user in the DSL (examples/CustomLayer/main.swift).
        .executableTarget(name: "custom-layer", dependencies: ["HLSIR", "HLSDriver"], path: "examples/CustomLayer"),
        .testTarget(name: "HLSIRTests", dependencies: ["HLSIR"]),
        .testTarget(name: "HLSLayersTests", dependencies: ["HLSIR", "HLSLayers"]),
        .testTarget(name: "HLSInterpreterTests", dependencies: ["HLSIR", "HLSInterpreter", "HLSLayers"]),
        .testTarget(name: "HLSEmitterTests", dependencies: ["HLSIR", "HLSEmitter", "HLSLayers"]),
        .testTarget(name: "HLSConfigTests", dependencies: ["HLSIR", "HLSConfig", "HLSLayers"]),
        .testTarget(name: "HLSDriverTests", dependencies: ["HLSIR", "HLSLayers", "HLSInterpreter", "HLSEmitter", "HLSConfig", "HLSDriver"]),
    ]
)
