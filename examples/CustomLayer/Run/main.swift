// Generates the custom layer into Generated/custom_layer/ (or the folder given) and verifies
// it against the C simulation: `swift run custom-layer [folder]`. It uses the HLSGen library
// product's API, as a package of your own would (examples/LayerPackage).
import CustomLayer
import Foundation
import HLSGen

do {
    let root = CommandLine.arguments.dropFirst().first ?? "Generated/custom_layer"
    let checks = try HLSGen.verify([try customLayerDesign()], into: root, seed: 1)
    for c in checks { print(c) }
    exit(checks.allSatisfy(\.passed) ? 0 : 1)
} catch {
    FileHandle.standardError.write(Data("custom-layer: error: \(error)\n".utf8))
    exit(1)
}
