import Foundation
import HLSConfig
import HLSIR

/// The error lines for config text: parse errors, or (when it parses) `designs()` errors;
/// empty when the config is valid.
func configErrors(_ json: String, source: String = "cfg.json") -> [String] {
    do {
        _ = try Configuration.parse(json, source: source).designs()
        return []
    } catch {
        return error.lines
    }
}

/// The repository root (this file is Tests/HLSConfigTests/ConfigTestSupport.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
