import HLSEmitter
import HLSIR

/// Every file of a forward design: the kernel, header, testbench and HLS build files
/// (`Emitter`), plus the host program, its v++ makefile and the connectivity files
/// (`HostEmitter`). The HLS build files name `target`'s part and clock.
public enum LlamaFiles {
    public static func emit(_ design: BoundDesign, target: BuildTarget = .standard) throws(DriverError) -> [EmittedFile] {
        let kernel: [EmittedFile]
        let host: [EmittedFile]
        do { kernel = try Emitter.emit(design, target: target) } catch { throw DriverError("emitter: \(design.top): \(error)") }
        do { host = try HostEmitter.emit(design) } catch { throw DriverError("host emitter: \(design.top): \(error)") }
        let names = Set(kernel.map(\.path))
        if let clash = host.first(where: { names.contains($0.path) }) {
            throw DriverError("host emitter: \(clash.path) is also a kernel file")
        }
        return kernel + host
    }
}
