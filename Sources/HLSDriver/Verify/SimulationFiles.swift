import Foundation
import HLSEmitter

/// Writing generated files and folders for the C simulation.
enum SimulationFiles {
    /// Writes every file (text or bytes) under `dir`, creating folders as needed.
    static func write(_ files: [EmittedFile], into dir: String) throws(DriverError) {
        for f in files {
            let path = "\(dir)/\(f.path)"
            try makeDirectory((path as NSString).deletingLastPathComponent)
            guard FileManager.default.createFile(atPath: path, contents: Data(f.bytes)) else {
                throw DriverError("cannot write \(path)")
            }
        }
    }

    static func makeDirectory(_ dir: String) throws(DriverError) {
        do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
            throw DriverError("cannot create \(dir): \(error.localizedDescription)")
        }
    }
}
