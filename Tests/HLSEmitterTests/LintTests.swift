import HLSEmitter
import XCTest

final class PragmaLintTests: XCTestCase {
    private let good = """
    #include "k.h"

    static void helper(const float* a, float* b) {
        #pragma HLS INLINE off
        float buf[16];
        #pragma HLS ARRAY_PARTITION variable=buf type=cyclic factor=4 dim=1
        #pragma HLS BIND_STORAGE variable=buf type=ram_2p impl=bram latency=2
        copy: for (int i = 0; i < 16; ++i) {
            #pragma HLS PIPELINE II=1
            #pragma HLS UNROLL factor=2
            #pragma HLS LOOP_TRIPCOUNT min=1 max=16 avg=8
            buf[i] = a[i];
            b[i] = buf[i];
        }
    }

    extern "C" void k(const float* a, float* b, int n) {
        #pragma HLS INTERFACE mode=m_axi port=a bundle=gmem0 offset=slave depth=16 max_read_burst_length=64
        #pragma HLS INTERFACE mode=m_axi port=b bundle=gmem1 offset=slave depth=16
        #pragma HLS INTERFACE mode=s_axilite port=n
        #pragma HLS INTERFACE mode=s_axilite port=return
        #pragma HLS DATAFLOW
        helper(a, b);
    }
    """

    func testAcceptsWellFormedPragmas() {
        XCTAssertEqual(PragmaLint.problems(in: good), [])
    }

    /// Each bad line, placed where it would otherwise be fine, and a word the problem must contain.
    private let badLoopLines: [(String, String)] = [
        ("#pragma HLS PIPELIN II=1", "unknown pragma"),
        ("#pragma HLS PIPELINE II=0", "II=0"),
        ("#pragma HLS PIPELINE II=two", "II=two"),
        ("#pragma HLS PIPELINE speed=3", "no option speed"),
        ("#pragma HLS PIPELINE style=fast", "style=fast"),
        ("#pragma HLS UNROLL complete", "not accepted"),
        ("#pragma HLS UNROLL factor=-2", "factor=-2"),
        ("#pragma HLS LOOP_TRIPCOUNT min=4", "needs max"),
        ("#pragma HLS LOOP_TRIPCOUNT min=9 max=4", "exceeds"),
        ("#pragma HLS LOOP_FLATTEN off=1", "takes no value"),
        ("#pragma HLS RESOURCE variable=buf core=RAM_2P", "deprecated"),
        ("#pragma HLS DATA_PACK variable=buf", "deprecated"),
        ("#pragma HLS INTERFACE mode=m_axi port=a", "top"),
    ]

    private func inLoop(_ line: String) -> String {
        """
        static void f(const float* a) {
            float buf[16];
            body: for (int i = 0; i < 16; ++i) {
                \(line)
                buf[i] = a[i];
            }
        }
        """
    }

    func testRejectsEachKindOfBadLine() {
        for (line, word) in badLoopLines {
            let p = PragmaLint.problems(in: inLoop(line))
            XCTAssertEqual(p.count, 1, "\(line): \(p)")
            XCTAssertTrue(p.first?.contains(word) == true, "\(line): \(p)")
            XCTAssertTrue(p.first?.hasPrefix("line 4:") == true, "\(line): \(p)")
        }
    }

    func testRejectsBadPartitions() {
        let cases: [(String, String)] = [
            ("#pragma HLS ARRAY_PARTITION variable=buf type=cyclic dim=1", "needs factor"),
            ("#pragma HLS ARRAY_PARTITION variable=buf cyclic factor=2", "old form"),
            ("#pragma HLS ARRAY_PARTITION variable=buf type=diagonal", "type=diagonal"),
            ("#pragma HLS ARRAY_PARTITION variable=nothing type=complete", "not declared"),
            ("#pragma HLS BIND_STORAGE variable=buf type=ram_2p impl=flipflops", "impl=flipflops"),
        ]
        for (line, word) in cases {
            let source = "static void f() {\n    float buf[16];\n    \(line)\n    buf[0] = 0.0f;\n}\n"
            let p = PragmaLint.problems(in: source)
            XCTAssertEqual(p.count, 1, "\(line): \(p)")
            XCTAssertTrue(p.first?.contains(word) == true, "\(line): \(p)")
        }
    }

    func testPlacementRules() {
        // A loop pragma after the first statement of the body.
        let late = inLoop("buf[0] = 1.0f;\n        #pragma HLS PIPELINE II=1")
        XCTAssertTrue(PragmaLint.problems(in: late).first?.contains("must open a labelled loop body") == true, "\(PragmaLint.problems(in: late))")
        // A loop pragma in an unlabelled loop.
        let unlabelled = "static void f(float* a) {\n    for (int i = 0; i < 4; ++i) {\n        #pragma HLS PIPELINE II=1\n        a[i] = 0.0f;\n    }\n}\n"
        XCTAssertTrue(PragmaLint.problems(in: unlabelled).first?.contains("unlabelled") == true, "\(PragmaLint.problems(in: unlabelled))")
        // ARRAY_PARTITION on an m_axi argument.
        let onPort = """
        extern "C" void k(float* a) {
            #pragma HLS INTERFACE mode=m_axi port=a bundle=gmem0 offset=slave depth=4
            #pragma HLS ARRAY_PARTITION variable=a type=complete dim=1
            a[0] = 0.0f;
        }
        """
        XCTAssertTrue(PragmaLint.problems(in: onPort).first?.contains("m_axi") == true, "\(PragmaLint.problems(in: onPort))")
        // INTERFACE naming something that is not a parameter.
        let wrongPort = "extern \"C\" void k(float* a) {\n    #pragma HLS INTERFACE mode=m_axi port=b\n    a[0] = 0.0f;\n}\n"
        XCTAssertTrue(PragmaLint.problems(in: wrongPort).first?.contains("not a parameter") == true)
        // A pragma outside any function.
        XCTAssertTrue(PragmaLint.problems(in: "#pragma HLS DATAFLOW\n").first?.contains("outside a function") == true)
        // A function pragma after code.
        let lateInline = "static void f(float* a) {\n    a[0] = 0.0f;\n    #pragma HLS INLINE\n}\n"
        XCTAssertTrue(PragmaLint.problems(in: lateInline).first?.contains("first lines") == true)
    }
}

final class SubsetLintTests: XCTestCase {
    func testAcceptsSynthesizableKernel() {
        let kernel = """
        #include "k.h"
        #include <cmath>

        // new values are written with printf-free code; "delete" in a string is fine too.
        static void g(const float* a, float* b) {
            copy: for (int i = 0; i < 4; ++i) {
                b[i] = (float)(a[i] * 2.0f) + sqrtf(a[i]);
            }
        }

        extern "C" void k(const float* a, float* b) {
            g(a, b);
            outer: for (int i = 0; i < 2; ++i) {
                inner: for (int j = 0; j < 2; ++j) {
                    b[i * 2 + j] = b[i * 2 + j] * (a[j] - 1.0f);
                }
            }
        }
        """
        XCTAssertEqual(SubsetLint.problems(in: kernel), [])
    }

    func testRejectsEachKindOfBadLine() {
        let cases: [(String, String)] = [
            ("float* t = new float[4];", "new"),
            ("delete[] b;", "delete"),
            ("float* t = (float*)malloc(16);", "dynamic allocation"),
            ("free(b);", "dynamic allocation"),
            ("std::vector<float> v(4);", "STL"),
            ("std::map<int, float> m;", "STL"),
            ("int* bits = (int*)b;", "pointer casts"),
            ("const int* bits = reinterpret_cast<const int*>(a);", "pointer casts"),
            ("float** rows = 0;", "pointers to pointers"),
            ("printf(\"%f\\n\", b[0]);", "I/O"),
            ("std::cout << b[0];", "I/O"),
            ("FILE* f = fopen(\"x\", \"r\");", "I/O"),
            ("for (int i = 0; i < 4; ++i) { b[i] = 0.0f; }", "unlabelled loop"),
        ]
        for (line, word) in cases {
            let source = "extern \"C\" void k(const float* a, float* b) {\n    \(line)\n}\n"
            let p = SubsetLint.problems(in: source)
            XCTAssertFalse(p.isEmpty, line)
            XCTAssertTrue(p.allSatisfy { $0.hasPrefix("line 2:") }, "\(line): \(p)")
            XCTAssertTrue(p.contains { $0.contains(word) }, "\(line): \(p)")
        }
    }

    func testRejectsRecursionAndHostHeaders() {
        let recursive = "static int depth(int n) {\n    return n == 0 ? 0 : 1 + depth(n - 1);\n}\n"
        XCTAssertTrue(SubsetLint.problems(in: recursive).contains { $0.contains("recursion") })
        XCTAssertTrue(SubsetLint.problems(in: "#include <iostream>\n").contains { $0.contains("iostream") })
        XCTAssertTrue(SubsetLint.problems(in: "#include <vector>\n").contains { $0.contains("vector") })
    }
}
