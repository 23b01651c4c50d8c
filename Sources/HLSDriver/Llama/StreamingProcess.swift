import Foundation

/// Runs a program whose standard output is passed on as it arrives (generated text) while
/// its standard error is collected apart (the tokens/s report, error messages).
enum StreamingProcess {
    struct Outcome {
        let status: Int32
        let standardError: String
    }

    static func run(_ executable: String, _ arguments: [String], standardOutput: ([UInt8]) -> Void) throws(DriverError) -> Outcome {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch {
            throw DriverError("cannot start \(executable): \(error.localizedDescription)")
        }
        // Drain standard error on another thread so neither pipe can fill up and block the program.
        let collected = CollectedBytes()
        let done = DispatchGroup()
        done.enter()
        let errHandle = err.fileHandleForReading
        DispatchQueue.global().async {
            collected.set(errHandle.readDataToEndOfFile())
            done.leave()
        }
        let outHandle = out.fileHandleForReading
        while true {
            let chunk = outHandle.availableData
            if chunk.isEmpty { break }
            standardOutput([UInt8](chunk))
        }
        p.waitUntilExit()
        done.wait()
        return Outcome(status: p.terminationStatus, standardError: String(decoding: collected.data, as: UTF8.self))
    }
}

/// Bytes handed from a background reader to the caller.
private final class CollectedBytes: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = Data()
    func set(_ d: Data) {
        lock.lock()
        stored = d
        lock.unlock()
    }
    var data: Data {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
