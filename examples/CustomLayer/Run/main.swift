// Generates the custom layer into Generated/custom_layer/ (or the folder given) and verifies
// it against the C simulation: `swift run custom-layer [folder]`.
import CustomLayer
import Foundation
import HLSDriver

do {
    let root = CommandLine.arguments.dropFirst().first ?? "Generated/custom_layer"
    let verdicts = try Workflow.generateAndVerify([try customLayerDesign()], into: root, seed: 1)
    for v in verdicts { print(v) }
    exit(verdicts.allSatisfy(\.passed) ? 0 : 1)
} catch {
    FileHandle.standardError.write(Data("custom-layer: error: \(error)\n".utf8))
    exit(1)
}
