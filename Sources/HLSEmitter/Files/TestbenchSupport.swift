/// The fixed C++ routines every testbench uses to read the binary files of the testbench
/// protocol (Sources/HLSIR/Data/BinaryFormat.swift, docs/testbench.md) and compare outputs. Host code, not kernel code:
/// it may use stdio and std::vector.
enum TestbenchSupport {
    /// File reading and the conversions for float, bool, native integers and size parameters.
    static let base = #"""
// Binary files of the testbench protocol: elements in order, each in a fixed number of
// little-endian bytes (IEEE bits for float, the low bytes of the two's complement raw value
// otherwise).
static inline bool hlsgen_read_file(const std::string& path, std::vector<unsigned char>& bytes, size_t expected) {
    FILE* f = fopen(path.c_str(), "rb");
    if (!f) {
        fprintf(stderr, "error: cannot open %s\n", path.c_str());
        return false;
    }
    fseek(f, 0, SEEK_END);
    const long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (size < 0 || (size_t)size != expected) {
        fclose(f);
        fprintf(stderr, "error: %s has %ld bytes, expected %zu\n", path.c_str(), size, expected);
        return false;
    }
    bytes.assign(expected, 0);
    const size_t got = expected == 0 ? 0 : fread(bytes.data(), 1, expected, f);
    fclose(f);
    if (got != expected) {
        fprintf(stderr, "error: cannot read %s\n", path.c_str());
        return false;
    }
    return true;
}

static inline unsigned long long hlsgen_get(const unsigned char* p, int width) {
    unsigned long long bits = 0;
    for (int b = 0; b < width; ++b) {
        bits |= (unsigned long long)p[b] << (8 * b);
    }
    return bits;
}

static inline void hlsgen_decode(unsigned long long bits, float& v) {
    const uint32_t u = (uint32_t)bits;
    memcpy(&v, &u, sizeof v);
}
static inline void hlsgen_decode(unsigned long long bits, bool& v) { v = (bits & 1) != 0; }
static inline void hlsgen_decode(unsigned long long bits, int8_t& v) { v = (int8_t)(uint8_t)bits; }
static inline void hlsgen_decode(unsigned long long bits, uint8_t& v) { v = (uint8_t)bits; }
static inline void hlsgen_decode(unsigned long long bits, int16_t& v) { v = (int16_t)(uint16_t)bits; }
static inline void hlsgen_decode(unsigned long long bits, uint16_t& v) { v = (uint16_t)bits; }
// int32_t elements and size parameters (int).
static inline void hlsgen_decode(unsigned long long bits, int32_t& v) { v = (int32_t)(uint32_t)bits; }
static inline void hlsgen_decode(unsigned long long bits, uint32_t& v) { v = (uint32_t)bits; }
static inline void hlsgen_decode(unsigned long long bits, int64_t& v) { v = (int64_t)bits; }
static inline void hlsgen_decode(unsigned long long bits, uint64_t& v) { v = (uint64_t)bits; }

static inline unsigned long long hlsgen_encode(float v) {
    uint32_t u = 0;
    memcpy(&u, &v, sizeof u);
    return u;
}
static inline unsigned long long hlsgen_encode(bool v) { return v ? 1 : 0; }
static inline unsigned long long hlsgen_encode(int8_t v) { return (uint8_t)v; }
static inline unsigned long long hlsgen_encode(uint8_t v) { return v; }
static inline unsigned long long hlsgen_encode(int16_t v) { return (uint16_t)v; }
static inline unsigned long long hlsgen_encode(uint16_t v) { return v; }
static inline unsigned long long hlsgen_encode(int32_t v) { return (uint32_t)v; }
static inline unsigned long long hlsgen_encode(uint32_t v) { return v; }
static inline unsigned long long hlsgen_encode(int64_t v) { return (unsigned long long)v; }
static inline unsigned long long hlsgen_encode(uint64_t v) { return v; }

// Values printed in a FAIL line.
static inline void hlsgen_show(float v) { printf("%.9g (bits 0x%08llx)", (double)v, hlsgen_encode(v)); }
static inline void hlsgen_show(bool v) { printf("%d", v ? 1 : 0); }
static inline void hlsgen_show(int8_t v) { printf("%d", (int)v); }
static inline void hlsgen_show(uint8_t v) { printf("%u", (unsigned)v); }
static inline void hlsgen_show(int16_t v) { printf("%d", (int)v); }
static inline void hlsgen_show(uint16_t v) { printf("%u", (unsigned)v); }
static inline void hlsgen_show(int32_t v) { printf("%ld", (long)v); }
static inline void hlsgen_show(uint32_t v) { printf("%lu", (unsigned long)v); }
static inline void hlsgen_show(int64_t v) { printf("%lld", (long long)v); }
static inline void hlsgen_show(uint64_t v) { printf("%llu", (unsigned long long)v); }

"""#

    /// Conversions for ap_int, ap_uint, ap_fixed and ap_ufixed: raw bits go in and out through
    /// `.range()` (fixed point) or the integer value (integers), keeping the low W bits; and
    /// how a FAIL line prints them.
    static let apTypes = #"""
template <int W>
static inline void hlsgen_decode(unsigned long long bits, ap_int<W>& v) { v = (ap_int<W>)bits; }
template <int W>
static inline void hlsgen_decode(unsigned long long bits, ap_uint<W>& v) { v = (ap_uint<W>)bits; }
template <int W, int I, ap_q_mode Q, ap_o_mode O, int N>
static inline void hlsgen_decode(unsigned long long bits, ap_fixed<W, I, Q, O, N>& v) { v.range(W - 1, 0) = bits; }
template <int W, int I, ap_q_mode Q, ap_o_mode O, int N>
static inline void hlsgen_decode(unsigned long long bits, ap_ufixed<W, I, Q, O, N>& v) { v.range(W - 1, 0) = bits; }

template <int W>
static inline unsigned long long hlsgen_encode(const ap_int<W>& v) { return v.to_uint64(); }
template <int W>
static inline unsigned long long hlsgen_encode(const ap_uint<W>& v) { return v.to_uint64(); }
template <int W, int I, ap_q_mode Q, ap_o_mode O, int N>
static inline unsigned long long hlsgen_encode(const ap_fixed<W, I, Q, O, N>& v) { return v.range(W - 1, 0).to_uint64(); }
template <int W, int I, ap_q_mode Q, ap_o_mode O, int N>
static inline unsigned long long hlsgen_encode(const ap_ufixed<W, I, Q, O, N>& v) { return v.range(W - 1, 0).to_uint64(); }

template <int W>
static inline void hlsgen_show(const ap_int<W>& v) { printf("%lld", (long long)v.to_int64()); }
template <int W>
static inline void hlsgen_show(const ap_uint<W>& v) { printf("%llu", (unsigned long long)v.to_uint64()); }
template <int W, int I, ap_q_mode Q, ap_o_mode O, int N>
static inline void hlsgen_show(const ap_fixed<W, I, Q, O, N>& v) { printf("%.17g (raw 0x%llx)", v.to_double(), hlsgen_encode(v)); }
template <int W, int I, ap_q_mode Q, ap_o_mode O, int N>
static inline void hlsgen_show(const ap_ufixed<W, I, Q, O, N>& v) { printf("%.17g (raw 0x%llx)", v.to_double(), hlsgen_encode(v)); }

"""#

    /// Loading whole arguments and comparing outputs; follows the element conversions above.
    static let transfer = #"""
// Reads dir/file into count elements of width bytes; prints one line and fails if the file
// is missing or has the wrong size.
template <typename T>
static bool hlsgen_load(const std::string& dir, const char* file, T* data, long count, int width) {
    std::vector<unsigned char> bytes;
    if (!hlsgen_read_file(dir + "/" + file, bytes, (size_t)count * (size_t)width)) {
        return false;
    }
    for (long i = 0; i < count; ++i) {
        hlsgen_decode(hlsgen_get(&bytes[(size_t)i * (size_t)width], width), data[i]);
    }
    return true;
}

// Compares count elements bit for bit and adds them to words; at the first difference prints
// "FAIL top: first mismatch at name[i]: got X expected Y" (name[call][i] when call >= 0).
template <typename T>
static bool hlsgen_check(const char* top, const char* name, const T* got, const T* expected, long count, long call,
                         long& words) {
    for (long i = 0; i < count; ++i) {
        if (hlsgen_encode(got[i]) != hlsgen_encode(expected[i])) {
            if (call >= 0) {
                printf("FAIL %s: first mismatch at %s[%ld][%ld]: got ", top, name, call, i);
            } else {
                printf("FAIL %s: first mismatch at %s[%ld]: got ", top, name, i);
            }
            hlsgen_show(got[i]);
            printf(" expected ");
            hlsgen_show(expected[i]);
            printf("\n");
            return false;
        }
    }
    words += count;
    return true;
}
"""#

    /// HLSIR's `SeededRandom` (SplitMix64) and `RandomInputs.values` in C++: the same
    /// sequence and the same float arithmetic, so a testbench builds the inputs the driver
    /// gave the interpreter without storing them.
    static let seeded = #"""
// SplitMix64, exactly as HLSIR's SeededRandom: the same seed gives the same numbers.
struct hlsgen_random {
    unsigned long long state;
    explicit hlsgen_random(unsigned long long seed) : state(seed) {}
    unsigned long long next() {
        state += 0x9E3779B97F4A7C15ULL;
        unsigned long long z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    // Uniform in [lo, hi): lo + (hi - lo) * m / 2^24 with a 24-bit m, in float, as in Swift.
    float uniform(float lo, float hi) {
        const float m = (float)(next() >> 40);
        return lo + (hi - lo) * m / 16777216.0f;
    }
};

// Floats uniform in [-range, range); every other type takes the low bits of one draw.
static inline void hlsgen_fill(hlsgen_random& rng, float* data, long count, float range) {
    for (long i = 0; i < count; ++i) {
        data[i] = rng.uniform(-range, range);
    }
}
template <typename T>
static inline void hlsgen_fill(hlsgen_random& rng, T* data, long count, float) {
    for (long i = 0; i < count; ++i) {
        hlsgen_decode(rng.next(), data[i]);
    }
}
"""#

    /// Prints the time per call of a benchmark run (`repetitions` calls between two clocks).
    static let timing = #"""
    // Prints the mean time per call of `repetitions` timed calls (benchmarks).
    static void hlsgen_report_time(const char* top, long repetitions,
                                   std::chrono::steady_clock::time_point start,
                                   std::chrono::steady_clock::time_point stop) {
        const double ns = std::chrono::duration<double, std::nano>(stop - start).count();
        printf("hlsgen_tb: %s calls=%ld ns_per_call=%.1f\n", top, repetitions, ns / (double)repetitions);
    }
    """#
}
