import Foundation
@testable import HLSEmitter
import XCTest

/// Templates/ is the source of truth; Sources/HLSEmitter/Templates+Embedded.swift must hold the
/// same texts (regenerate it with scripts/embed-templates.sh).
final class EmbeddedTemplatesTests: XCTestCase {
    private var templatesFolder: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Templates")
    }

    func testEmbeddedCopyMatchesTemplatesFolder() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: templatesFolder.path).filter { $0.hasSuffix(".template") }.sorted()
        XCTAssertEqual(names, EmbeddedTemplates.texts.keys.sorted(), "run scripts/embed-templates.sh")
        for name in names {
            let text = try String(contentsOf: templatesFolder.appendingPathComponent(name), encoding: .utf8)
            XCTAssertEqual(EmbeddedTemplates.texts[name], text, "\(name) differs from its embedded copy; run scripts/embed-templates.sh")
        }
    }

    func testBuildFilesFillEveryPlaceholder() throws {
        let files = try BuildFiles.render(top: "softmax")
        XCTAssertEqual(files.map(\.path), ["hls_config.cfg", "run_hls.tcl", "Makefile"])
        for f in files {
            XCTAssertFalse(f.contents.contains("{{"), f.path)
            XCTAssertTrue(f.contents.contains("softmax"), f.path)
        }
        let cfg = files[0].contents
        XCTAssertTrue(cfg.contains("[hls]\nflow_target=vitis\n"))
        XCTAssertTrue(cfg.contains("syn.top=softmax\n"))
        XCTAssertFalse(cfg.contains("unsafe_math"))
        let makefile = files[2].contents
        XCTAssertTrue(makefile.contains("CXXFLAGS := -std=c++14 -O2 -ffp-contract=off -isystem $(AP_TYPES)"))
        XCTAssertTrue(makefile.contains("\n\t$(CXX) $(CXXFLAGS) -o $@ $(TOP).cpp $(TOP)_tb.cpp -lm\n"), "recipes need tabs")
        XCTAssertTrue(files[1].contents.contains("set_top softmax\n"))
    }

    func testBuildFilesNameTheTargetsPartAndClock() throws {
        let files = try BuildFiles.render(top: "softmax", target: BuildTarget(part: "xcu280-fsvh2892-2L-e", clockMHz: 250))
        XCTAssertTrue(files[0].contents.contains("\npart=xcu280-fsvh2892-2L-e\n"))
        XCTAssertTrue(files[0].contents.contains("\nclock=4ns\n"))
        XCTAssertTrue(files[1].contents.contains("\nset_part xcu280-fsvh2892-2L-e\ncreate_clock -period 4 -name default\n"))
        let periods = [300.0: "3.33", 250: "4", 400: "2.5", 150: "6.67", 330: "3.03", 500: "2"]
        for (mhz, ns) in periods { XCTAssertEqual(BuildTarget(part: "p", clockMHz: mhz).clockPeriodNanoseconds, ns, "\(mhz) MHz") }
        XCTAssertEqual(try BuildFiles.render(top: "softmax"), try BuildFiles.render(top: "softmax", target: .standard))
    }

    func testUnknownPlaceholderIsAnError() {
        XCTAssertThrowsError(try BuildFiles.fill("a {{NOPE}} b", ["TOP": "x"], template: "t")) {
            XCTAssertTrue("\($0)".contains("NOPE"))
        }
        XCTAssertEqual(try BuildFiles.fill("{{TOP}}/{{TOP}}", ["TOP": "x"], template: "t"), "x/x")
    }
}
