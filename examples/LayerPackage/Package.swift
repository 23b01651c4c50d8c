// swift-tools-version:6.0
import PackageDescription

// A package of your own that writes a layer with HLSGen: it depends on HLSGen (here by
// relative path to this repository; from elsewhere use `.package(url: ..., branch: "main")`)
// and uses only the `HLSGen` product.
let package = Package(
    name: "LayerPackage",
    products: [
        .library(name: "MyLayers", targets: ["MyLayers"]),
    ],
    dependencies: [
        .package(name: "HLSGen", path: "../.."),
    ],
    targets: [
        // The layer, its schedule and the design list, written against the HLSGen product only.
        .target(name: "MyLayers", dependencies: [.product(name: "HLSGen", package: "HLSGen")]),
        // `swift run my-layers list|generate|verify|estimate ...`: one call, no glue code.
        .executableTarget(name: "my-layers", dependencies: ["MyLayers", .product(name: "HLSGen", package: "HLSGen")]),
        .testTarget(name: "MyLayersTests", dependencies: ["MyLayers", .product(name: "HLSGen", package: "HLSGen")]),
    ]
)
