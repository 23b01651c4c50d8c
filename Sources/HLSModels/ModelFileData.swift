import Foundation

/// Reads a whole model file, distinguishing a missing file from an unreadable one.
enum ModelFileData {
    static func read(_ url: URL) throws -> Data {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw ModelFileError.missingFile(file: path)
        }
        do {
            return try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw ModelFileError.unreadable(file: path, reason: error.localizedDescription)
        }
    }

    static func write(_ data: Data, to url: URL) throws {
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw ModelFileError.unreadable(file: url.path, reason: "cannot write: \(error.localizedDescription)")
        }
    }
}
