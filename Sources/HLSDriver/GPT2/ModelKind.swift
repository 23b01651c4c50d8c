import Foundation
import HLSModels

/// Which family a checkpoint belongs to, from its first four bytes: llm.c's GPT-2 magic
/// 20240326, or else a llama2.c checkpoint (float version 0 or Q8_0 version 2), whose own
/// reader then checks it.
enum ModelKind {
    case llama, gpt2

    static func detect(_ path: String) -> ModelKind {
        guard let handle = FileHandle(forReadingAtPath: path) else { return .llama }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4)) ?? Data()
        return GPT2Checkpoint.hasMagic(head) ? .gpt2 : .llama
    }
}
