import HLSIR

/// The declarations of the kernel being generated and what its body may touch so far.
///
/// Locals join `readable` only once a loop nest (or a sub-function call) has written every
/// element, so no generated load can see an unwritten element. Outputs are `writable` from
/// the start but never `readable`.
final class KernelState {
    let name: String
    var parameters: [Parameter] = []
    var buffers: [Buffer] = []
    /// Buffers that may be loaded at the current point: inputs, tables, fully written locals.
    var readable: [Buffer] = []
    /// Buffers that may take partial stores: outputs and fully written locals.
    var writable: [Buffer] = []
    /// Input arguments: loads from them are values the C++ compiler cannot know.
    var runtimeBuffers: [Buffer] = []
    var sizes: [SizeParameter] = []
    private var counter = 0

    init(name: String) { self.name = name }

    /// A fresh name, unique in this kernel; the `rg_` prefix keeps every generated name
    /// clear of C and C++ keywords, standard macros and the emitter's own helpers.
    func fresh(_ stem: String) -> String {
        counter += 1
        return "rg_\(stem)\(counter)"
    }

    func declare(_ b: Buffer) { buffers.append(b) }

    func addArgument(_ b: Buffer) {
        declare(b)
        parameters.append(.buffer(b.name))
        switch b.direction {
        case .input?:
            readable.append(b)
            runtimeBuffers.append(b)
        case .output?: writable.append(b)
        default: break
        }
    }

    /// Marks a local as fully written: from now on it may be loaded and updated.
    func markWritten(_ b: Buffer) {
        if !readable.contains(b) { readable.append(b) }
        if !writable.contains(b) { writable.append(b) }
    }
}
