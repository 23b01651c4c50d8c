import HLSConfig
import XCTest

/// Each problem a config file can have at parse time gives exactly one line with its JSON path.
final class ConfigParseErrorTests: XCTestCase {
    // MARK: JSON syntax

    func testSyntaxErrorsGiveLineAndColumn() {
        XCTAssertEqual(configErrors(#"{"parameters": {"dim": 128,}}"#),
                       [#"cfg.json:1:28: invalid JSON: unexpected '}'; expected a key in double quotes"#])
        XCTAssertEqual(configErrors("{\n  \"profile\": \"libm\"\n  \"designs\": []\n}"),
                       [#"cfg.json:3:3: invalid JSON: unexpected '"'; expected ',' or '}'"#])
    }

    func testEmptyInput() {
        XCTAssertEqual(configErrors(""), ["cfg.json:1:1: invalid JSON: the input is empty; expected a JSON object"])
        XCTAssertEqual(configErrors(" \n "), ["cfg.json:2:2: invalid JSON: the input is empty; expected a JSON object"])
    }

    func testTruncatedInput() {
        XCTAssertEqual(configErrors(#"{"parameters": {"dim": 12"#),
                       ["cfg.json:1:26: invalid JSON: unexpected end of input; expected ',' or '}'"])
        XCTAssertEqual(configErrors(#"{"profile": "lib"#), ["cfg.json:1:13: invalid JSON: unterminated string"])
    }

    func testTrailingContent() {
        XCTAssertEqual(configErrors("{} x"), ["cfg.json:1:4: invalid JSON: unexpected 'x' after the end of the top-level value"])
    }

    func testDuplicateKeys() {
        XCTAssertEqual(configErrors(#"{"profile": "libm", "profile": "exact"}"#),
                       [#"cfg.json:1:21: invalid JSON: duplicate key "profile""#])
    }

    func testNumbersFollowTheJSONGrammar() {
        XCTAssertEqual(configErrors(#"{"parameters": {"dim": 0128}}"#),
                       ["cfg.json:1:25: invalid JSON: numbers must not have leading zeros"])
        XCTAssertEqual(configErrors(#"{"parameters": {"dim": 1.}}"#),
                       ["cfg.json:1:26: invalid JSON: a number needs a digit after '.'"])
        XCTAssertEqual(configErrors(#"{"parameters": {"dim": +1}}"#),
                       ["cfg.json:1:24: invalid JSON: unexpected '+'; expected a value"])
    }

    func testBadEscapes() {
        XCTAssertEqual(configErrors(#"{"profile": "\x"}"#), [#"cfg.json:1:14: invalid JSON: invalid escape sequence in a string"#])
        XCTAssertEqual(configErrors(#"{"profile": "\ud800"}"#), [#"cfg.json:1:14: invalid JSON: unpaired surrogate in a \u escape"#])
        XCTAssertEqual(configErrors("{\"profile\": \"a\tb\"}"),
                       ["cfg.json:1:15: invalid JSON: control character in a string; write it as an escape"])
    }

    func testDeepNestingIsRejectedWithoutCrashing() {
        let deep = String(repeating: "[", count: 100_000)
        XCTAssertEqual(configErrors(deep), ["cfg.json:1:65: invalid JSON: nesting deeper than 64 levels"])
        let objects = String(repeating: #"{"a":"#, count: 10_000)
        XCTAssertEqual(configErrors(objects).count, 1)
    }

    func testCommentsAreNotJSON() {
        XCTAssertEqual(configErrors("{ // tuned\n}"), ["cfg.json:1:3: invalid JSON: unexpected '/'; expected a key in double quotes"])
    }

    // MARK: Structure

    func testTopLevelMustBeAnObject() {
        XCTAssertEqual(configErrors("[1, 2]"), ["cfg.json: the top level: expected an object, got an array"])
        XCTAssertEqual(configErrors("4"), ["cfg.json: the top level: expected an object, got 4"])
    }

    func testUnknownTopLevelKey() {
        XCTAssertEqual(configErrors(#"{"paramters": {}}"#),
                       ["cfg.json: paramters: unknown key; expected one of parameters, profile, engines, activations, designs, schedule"])
    }

    func testUnknownParameter() {
        XCTAssertEqual(configErrors(#"{"parameters": {"groupsize": 16}}"#),
                       ["cfg.json: parameters.groupsize: unknown key; expected one of dim, hidden, group_size, max_sequence, lanes"])
    }

    func testKeysThatAreNotIdentifiersAreQuotedInPaths() {
        XCTAssertEqual(configErrors("{\"parameters\": {\"di m\\n\": 16}}"),
                       [#"cfg.json: parameters["di m\n"]: unknown key; expected one of dim, hidden, group_size, max_sequence, lanes"#])
    }

    func testParameterMustBeAPositiveInteger() {
        let cases: [(String, String)] = [
            (#""128""#, #""128""#), ("128.0", "128.0"), ("0", "0"), ("-4", "-4"), ("true", "true"),
            ("1e3", "1e3"), ("null", "null"), ("[128]", "an array"),
            ("99999999999999999999", "99999999999999999999"),
        ]
        for (json, shown) in cases {
            XCTAssertEqual(configErrors(#"{"parameters": {"dim": \#(json)}}"#),
                           ["cfg.json: parameters.dim: expected a positive integer, got \(shown)"])
        }
    }

    func testLongValuesAreShortenedInMessages() {
        let long = String(repeating: "x", count: 500)
        XCTAssertEqual(configErrors(#"{"parameters": {"dim": "\#(long)"}}"#),
                       ["cfg.json: parameters.dim: expected a positive integer, got \"\(String(repeating: "x", count: 40))…\""])
    }

    func testAllProblemsAreReported() {
        XCTAssertEqual(configErrors(#"{"parameters": {"dim": 0, "lanes": "8"}, "profile": 1}"#), [
            "cfg.json: parameters.dim: expected a positive integer, got 0",
            #"cfg.json: parameters.lanes: expected a positive integer, got "8""#,
            #"cfg.json: profile: expected one of "libm", "exact", got 1"#,
        ])
    }

    func testUnknownProfile() {
        XCTAssertEqual(configErrors(#"{"profile": "fast"}"#),
                       [#"cfg.json: profile: expected one of "libm", "exact", got "fast""#])
    }

    func testDesignsMustBeAnArrayOfNames() {
        XCTAssertEqual(configErrors(#"{"designs": "rmsnorm"}"#),
                       [#"cfg.json: designs: expected an array of design names, got "rmsnorm""#])
        XCTAssertEqual(configErrors(#"{"designs": ["rmsnorm", 3]}"#),
                       ["cfg.json: designs[1]: expected a string, got 3"])
    }

    func testUnknownDesign() {
        XCTAssertEqual(configErrors(#"{"designs": ["rmsnorm", "attention"]}"#),
                       [#"cfg.json: designs[1]: unknown design "attention"; expected one of rmsnorm, softmax, matvec, matvec_q8, swiglu_ffn, residual"#])
    }

    func testDesignListedTwice() {
        XCTAssertEqual(configErrors(#"{"designs": ["matvec", "matvec"]}"#),
                       [#"cfg.json: designs[1]: design "matvec" is listed twice"#])
    }

    func testEmptyDesignList() {
        XCTAssertEqual(configErrors(#"{"designs": []}"#),
                       ["cfg.json: designs: expected at least one design; the designs are rmsnorm, softmax, matvec, matvec_q8, swiglu_ffn, residual"])
    }

    // MARK: Schedule entries

    func testScheduleMustBeAnObject() {
        XCTAssertEqual(configErrors(#"{"schedule": ["matvec.dot"]}"#),
                       ["cfg.json: schedule: expected an object mapping dotted names to directives, got an array"])
    }

    func testEntryMustBeAnObject() {
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec.dot": 4}}"#),
                       [#"cfg.json: schedule["matvec.dot"]: expected an object of directives, got 4"#])
    }

    func testEmptyEntry() {
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec_q8.xq": {}}}"#),
                       [#"cfg.json: schedule["matvec_q8.xq"]: no directives; expected one of partition, storage"#])
    }

    func testUnknownLoopKey() {
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec.dot": {"pipline": {"ii": 1}}}}"#),
                       [#"cfg.json: schedule["matvec.dot"].pipline: unknown key; expected one of pipeline, unroll, lanes, tripcount, flatten"#])
    }

    func testUnknownKeyListsTheKeysOfWhatTheNameIs() {
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec.w": {"interfase": {}}}}"#),
                       [#"cfg.json: schedule["matvec.w"].interfase: unknown key; expected one of interface"#])
        XCTAssertEqual(configErrors(#"{"schedule": {"swiglu_ffn": {"dataflw": true}}}"#),
                       [#"cfg.json: schedule["swiglu_ffn"].dataflw: unknown key; expected one of dataflow, inline"#])
        XCTAssertEqual(configErrors(#"{"schedule": {"mine.loop": {"unrol": 2}}}"#),
                       [#"cfg.json: schedule["mine.loop"].unrol: unknown key; expected one of pipeline, unroll, lanes, tripcount, flatten, partition, storage, interface"#])
    }

    func testPipelineForms() {
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec.dot": {"pipeline": 1}}}"#),
                       [#"cfg.json: schedule["matvec.dot"].pipeline: expected {"ii": N} or "off", got 1"#])
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec.dot": {"pipeline": {"ii": 0}}}}"#),
                       [#"cfg.json: schedule["matvec.dot"].pipeline.ii: expected a positive integer, got 0"#])
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec.dot": {"pipeline": {"style": "flp"}}}}"#),
                       [#"cfg.json: schedule["matvec.dot"].pipeline.style: unknown key; expected one of ii"#])
    }

    func testUnrollForms() {
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec.dot": {"unroll": "complete"}}}"#),
                       [#"cfg.json: schedule["matvec.dot"].unroll: expected a positive integer or "full", got "complete""#])
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec.dot": {"unroll": 0}}}"#),
                       [#"cfg.json: schedule["matvec.dot"].unroll: expected a positive integer or "full", got 0"#])
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec.dot": {"unroll": 4.0}}}"#),
                       [#"cfg.json: schedule["matvec.dot"].unroll: expected a positive integer or "full", got 4.0"#])
    }

    func testLanesMustBePositive() {
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec.dot": {"lanes": -1}}}"#),
                       [#"cfg.json: schedule["matvec.dot"].lanes: expected a positive integer, got -1"#])
    }

    func testTripcountNeedsAllThreeValues() {
        XCTAssertEqual(configErrors(#"{"schedule": {"softmax.exp_sum": {"tripcount": {"min": 1, "max": 256}}}}"#),
                       [#"cfg.json: schedule["softmax.exp_sum"].tripcount: missing key avg"#])
        XCTAssertEqual(configErrors(#"{"schedule": {"softmax.exp_sum": {"tripcount": {"min": -1, "max": 2, "avg": 1}}}}"#),
                       [#"cfg.json: schedule["softmax.exp_sum"].tripcount.min: expected a non-negative integer, got -1"#])
    }

    func testFlattenIsABool() {
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec.rows": {"flatten": 1}}}"#),
                       [#"cfg.json: schedule["matvec.rows"].flatten: expected true or false, got 1"#])
    }

    func testPartitionForms() {
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec_q8.xq": {"partition": "cyclic"}}}"#),
                       [#"cfg.json: schedule["matvec_q8.xq"].partition: expected a partition object or a non-empty array of them, got "cyclic""#])
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec_q8.xq": {"partition": []}}}"#),
                       [#"cfg.json: schedule["matvec_q8.xq"].partition: expected a partition object or a non-empty array of them, got an array"#])
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec_q8.xq": {"partition": {"type": "banked", "factor": 8}}}}"#),
                       [#"cfg.json: schedule["matvec_q8.xq"].partition.type: expected one of "cyclic", "block", "complete", got "banked""#])
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec_q8.xq": {"partition": {"factor": 8}}}}"#),
                       [#"cfg.json: schedule["matvec_q8.xq"].partition: missing key type"#])
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec_q8.xq": {"partition": {"type": "cyclic", "factor": 0}}}}"#),
                       [#"cfg.json: schedule["matvec_q8.xq"].partition.factor: expected a positive integer, got 0"#])
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec_q8.xq": {"partition": {"type": "complete", "dim": -1}}}}"#),
                       [#"cfg.json: schedule["matvec_q8.xq"].partition.dim: expected a non-negative integer, got -1"#])
    }

    func testPartitionArrayWithADimensionTwice() {
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec_q8.xq": {"partition": [{"type": "cyclic", "factor": 16}, {"type": "complete", "dim": 1}]}}}"#),
                       [#"cfg.json: schedule["matvec_q8.xq"].partition[1].dim: dimension 1 is already partitioned by partition[0]"#])
    }

    func testStorageForms() {
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec_q8.xq": {"storage": {"impl": "bram"}}}}"#),
                       [#"cfg.json: schedule["matvec_q8.xq"].storage: missing key type"#])
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec_q8.xq": {"storage": {"type": "ram_2p", "impl": "dsp"}}}}"#),
                       [#"cfg.json: schedule["matvec_q8.xq"].storage.impl: expected one of "bram", "uram", "lutram", "auto", got "dsp""#])
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec_q8.xq": {"storage": {"type": "ram_2p", "latency": 0}}}}"#),
                       [#"cfg.json: schedule["matvec_q8.xq"].storage.latency: expected a positive integer, got 0"#])
    }

    func testInterfaceMode() {
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec.w": {"interface": {"mode": "axis"}}}}"#), [])
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec.w": {"interface": {"mode": "bram"}}}}"#),
                       [#"cfg.json: schedule["matvec.w"].interface.mode: expected one of "m_axi", "axis", "ap_fifo", "ap_memory", got "bram""#])
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec.w": {"interface": {"mode": "ap_fifo", "bundle": "gmem_w"}}}}"#),
                       ["cfg.json: interface matvec.w: bundle applies only to mode m_axi, and w is ap_fifo"])
        // An ap_memory port takes a partition; an m_axi port does not.
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec.x": {"interface": {"mode": "ap_memory"}, "partition": {"type": "cyclic", "factor": 4}}}}"#), [])
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec.x": {"partition": {"type": "cyclic", "factor": 4}}}}"#),
                       ["cfg.json: matvec.x is an m_axi argument of matvec; ARRAY_PARTITION is not allowed on top-level m_axi ports"])
    }

    func testInterfaceForms() {
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec.w": {"interface": {"bundle": 1, "depth": "45056"}}}}"#), [
            #"cfg.json: schedule["matvec.w"].interface.bundle: expected a string, got 1"#,
            #"cfg.json: schedule["matvec.w"].interface.depth: expected a positive integer, got "45056""#,
        ])
        XCTAssertEqual(configErrors(#"{"schedule": {"matvec.w": {"interface": {"offset": "slave"}}}}"#),
                       [#"cfg.json: schedule["matvec.w"].interface.offset: unknown key; expected one of mode, bundle, bank, depth, max_read_burst_length, max_write_burst_length, num_read_outstanding, max_widen_bitwidth"#])
    }

    func testFunctionForms() {
        XCTAssertEqual(configErrors(#"{"schedule": {"swiglu_ffn": {"dataflow": 1, "inline": "yes"}}}"#), [
            #"cfg.json: schedule["swiglu_ffn"].dataflow: expected true or false, got 1"#,
            #"cfg.json: schedule["swiglu_ffn"].inline: expected one of "on", "off", "recursive", got "yes""#,
        ])
    }
}
