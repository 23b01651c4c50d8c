import Foundation

/// Compiles generated C simulations with g++ exactly as the numeric contract requires.
public struct CSimCompiler: Sendable {
    /// `-ffp-contract=off`: no fused multiply-add, so float results match the interpreter.
    /// Never `-ffast-math` or `-march=native`.
    public static let flags = ["-std=c++14", "-O2", "-ffp-contract=off"]
    public let compiler: String
    public let headers: String

    public init(headers: String, compiler: String = "g++") {
        self.headers = headers
        self.compiler = compiler
    }

    /// Compiles `sources` into the executable `output`.
    public func compile(_ sources: [String], output: String, includes: [String] = []) throws(DriverError) {
        guard CommandRunner.available(compiler) else {
            throw DriverError("\(compiler) is not installed; install g++ (Debian: apt-get install g++) to run the C simulation")
        }
        let args = Self.flags + ["-isystem", headers] + includes.flatMap { ["-I", $0] } + sources + ["-o", output, "-lm"]
        let r = try CommandRunner.run(compiler, args)
        guard r.status == 0 else {
            let firstError = r.output.split(separator: "\n").first { $0.contains("error") } ?? r.output.split(separator: "\n").first ?? ""
            throw DriverError("\(compiler) failed on \(sources.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")): \(firstError)")
        }
    }
}
