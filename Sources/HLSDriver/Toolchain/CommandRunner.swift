import Foundation

/// The result of running an external command.
public struct CommandResult: Sendable {
    public let status: Int32
    public let output: String
}

/// Runs external programs (g++, python3, the compiled testbench) and captures their output.
public enum CommandRunner {
    /// Runs `executable` (looked up on PATH when it has no slash) with `arguments`.
    /// Standard output and standard error are captured together.
    public static func run(_ executable: String, _ arguments: [String], in directory: String? = nil) throws(DriverError) -> CommandResult {
        let p = Process()
        if executable.contains("/") {
            p.executableURL = URL(fileURLWithPath: executable)
            p.arguments = arguments
        } else {
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = [executable] + arguments
        }
        if let d = directory { p.currentDirectoryURL = URL(fileURLWithPath: d) }
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        p.standardInput = FileHandle.nullDevice
        do {
            try p.run()
        } catch {
            throw DriverError("cannot start \(executable): \(error.localizedDescription)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CommandResult(status: p.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// Whether `name` is an executable on PATH.
    public static func available(_ name: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }
}

/// A failure of the driver: a one-line message for the user.
public struct DriverError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
