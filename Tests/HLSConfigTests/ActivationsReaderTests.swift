import HLSConfig
import HLSIR
import HLSLayers
import XCTest

/// The `activations` object of a config file (the `fixed` profile's formats): read into
/// `FixedActivations`, every problem one line naming the key and what was expected.
final class ActivationsReaderTests: XCTestCase {
    func testFormatsAreReadAndTheRestKeepTheirDefaults() throws {
        let c = try Configuration.parse(#"{"activations": {"attention": [12, 4], "residual": [32, 12]}}"#, source: "cfg.json")
        let a = try XCTUnwrap(c.activations)
        XCTAssertEqual(a.type(.attention), .fixed(12, 4, .rndConv, .sat))
        XCTAssertEqual(a.type(.residual), .fixed(32, 12, .rndConv, .sat))
        XCTAssertEqual(a.widths[.norm], FixedActivations.defaults[.norm])
        XCTAssertEqual(a.widths[.logits], FixedActivations.defaults[.logits])
        XCTAssertTrue(c.keys.contains("activations"))
        // Layer designs ignore the key; without it the profile uses the defaults.
        XCTAssertEqual(configErrors(#"{"activations": {"ffn": [64, 0]}}"#), [])
        XCTAssertNil(try Configuration.parse("{}", source: "cfg.json").activations)
        XCTAssertEqual(FixedActivations().widths, FixedActivations.defaults)
    }

    func testEveryBadValueIsOneLineNamingItsKey() {
        let expected = { (c: String, max: Int) in "expected [W, I], two integers: W total bits 1...\(max), I integer bits 0...W" }
        let cases: [(String, String)] = [
            (#"{"activations": {"embeding": [16, 6]}}"#,
             "cfg.json: activations.embeding: unknown key; expected one of residual, norm, attention, ffn, logits"),
            (#"{"activations": {"ffn": [16.0, 6]}}"#, "cfg.json: activations.ffn[0]: expected an integer (W, total bits), got 16.0"),
            (#"{"activations": {"ffn": [16]}}"#, "cfg.json: activations.ffn: \(expected("ffn", 64)), got an array of 1 element"),
            (#"{"activations": {"ffn": "16,6"}}"#, #"cfg.json: activations.ffn: \#(expected("ffn", 64)), got "16,6""#),
            (#"{"activations": {"ffn": [16, true]}}"#, "cfg.json: activations.ffn[1]: expected an integer (I, integer bits), got true"),
            (#"{"activations": {"norm": [0, 0]}}"#, "cfg.json: activations.norm: width W 0 is outside 1...64; \(expected("norm", 64))"),
            (#"{"activations": {"norm": [65, 8]}}"#, "cfg.json: activations.norm: width W 65 is outside 1...64; \(expected("norm", 64))"),
            (#"{"activations": {"residual": [64, 8]}}"#,
             "cfg.json: activations.residual: width W 64 is outside 1...63 (a residual add needs one bit more, at most 64); \(expected("residual", 63))"),
            (#"{"activations": {"logits": [16, 17]}}"#,
             "cfg.json: activations.logits: integer bits I 17 is outside 0...W (16); \(expected("logits", 64))"),
            (#"{"activations": {"logits": [16, -1]}}"#,
             "cfg.json: activations.logits: integer bits I -1 is outside 0...W (16); \(expected("logits", 64))"),
            (#"{"activations": [16, 6]}"#, "cfg.json: activations: expected an object, got an array"),
        ]
        for (json, line) in cases { XCTAssertEqual(configErrors(json), [line], json) }
        // Every problem at once.
        XCTAssertEqual(configErrors(#"{"activations": {"norm": [0, 0], "ffn": [8, 9]}}"#).count, 2)
    }

    func testTheDesignRejectsFormatsMadeInSwift() {
        let bad = FixedActivations([.residual: .init(64, 10), .ffn: .init(8, 9)])
        XCTAssertEqual(bad.problems, ["activations.residual: width W 64 is outside 1...63 (a residual add needs one bit more, at most 64)",
                                      "activations.ffn: integer bits I 9 is outside 0...W (8)"])
    }
}
