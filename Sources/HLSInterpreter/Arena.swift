/// Owns every piece of memory the compiled closures point into: scalar slots, local arrays,
/// tables, reduction partials. Compiled code captures raw pointers (no reference counting in
/// the hot loops); the arena frees them all when the interpreter goes away.
final class Arena {
    private var blocks: [UnsafeMutableRawPointer] = []

    /// `count` zeroed elements of `T`, aligned to 64 bytes.
    func allocate<T>(_: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let bytes = Swift.max(1, count) * MemoryLayout<T>.stride
        let p = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        p.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
        blocks.append(p)
        return p.bindMemory(to: T.self, capacity: Swift.max(1, count))
    }

    /// Raw zeroed storage of `bytes` bytes.
    func allocateBytes(_ bytes: Int) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(allocate(UInt8.self, count: bytes))
    }

    deinit {
        for b in blocks { b.deallocate() }
    }
}

/// Set when a runtime check fails (a size or trip count above its maximum). Execution skips
/// the offending loop or call, finishes, and the interpreter then throws the message.
final class RunState {
    var failure: String?

    @inline(never)
    func fail(_ message: String) {
        if failure == nil { failure = message }
    }
}
