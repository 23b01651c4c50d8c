import Foundation
import HLSIR

/// Reads and writes the binary files the testbench exchanges, one per kernel parameter.
enum SimulationFiles {
    /// The type used to encode a parameter's file: element type, scalar type, or int32 for sizes.
    static func fileType(of p: Parameter, in k: Kernel) -> (ScalarType, Int)? {
        switch p {
        case .buffer(let n):
            guard let b = k.buffer(n) else { return nil }
            return (b.elementType, b.count)
        case .scalar(let v): return (v.type, 1)
        case .size: return (.int32, 1)
        }
    }

    static func writeInputs(_ inputs: [String: BufferData], for k: Kernel, into dir: String) throws(DriverError) {
        try makeDirectory(dir)
        for p in k.parameters {
            guard let (type, count) = fileType(of: p, in: k) else { continue }
            let data = inputs[p.name] ?? .zeros(type, count: count)
            let path = "\(dir)/\(p.name).bin"
            guard FileManager.default.createFile(atPath: path, contents: Data(BinaryFormat.encode(data, as: type))) else {
                throw DriverError("cannot write \(path)")
            }
        }
    }

    /// Outputs written by the testbench for every output and inout array.
    static func readOutputs(for k: Kernel, from dir: String) throws(DriverError) -> [String: BufferData] {
        var out: [String: BufferData] = [:]
        for b in k.argumentBuffers where b.direction?.isWritten == true {
            let path = "\(dir)/\(b.name).out.bin"
            guard let bytes = FileManager.default.contents(atPath: path) else {
                throw DriverError("the C simulation did not write \(path)")
            }
            guard let data = BinaryFormat.decode([UInt8](bytes), as: b.elementType, count: b.count) else {
                throw DriverError("\(path) has \(bytes.count) bytes; expected \(b.count * b.elementType.storageBytes)")
            }
            out[b.name] = data
        }
        return out
    }

    static func makeDirectory(_ dir: String) throws(DriverError) {
        do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
            throw DriverError("cannot create \(dir): \(error.localizedDescription)")
        }
    }
}
