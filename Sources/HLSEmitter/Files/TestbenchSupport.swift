/// The fixed C++ routines every testbench uses to read and write the binary files of the
/// testbench protocol (Sources/HLSIR/Data/BinaryFormat.swift). Host code, not kernel code:
/// it may use stdio and std::vector.
enum TestbenchSupport {
    /// File access and the conversions for float, bool, native integers and size parameters.
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

static inline bool hlsgen_write_file(const std::string& path, const std::vector<unsigned char>& bytes) {
    FILE* f = fopen(path.c_str(), "wb");
    if (!f) {
        fprintf(stderr, "error: cannot create %s\n", path.c_str());
        return false;
    }
    const size_t put = bytes.empty() ? 0 : fwrite(bytes.data(), 1, bytes.size(), f);
    const bool closed = fclose(f) == 0;
    if (put != bytes.size() || !closed) {
        fprintf(stderr, "error: cannot write %s\n", path.c_str());
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

static inline void hlsgen_put(unsigned char* p, unsigned long long bits, int width) {
    for (int b = 0; b < width; ++b) {
        p[b] = (unsigned char)(bits >> (8 * b));
    }
}

static inline void hlsgen_decode(unsigned long long bits, float& v) {
    const uint32_t u = (uint32_t)bits;
    memcpy(&v, &u, sizeof v);
}
static inline void hlsgen_decode(unsigned long long bits, bool& v) { v = bits != 0; }
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

"""#

    /// Conversions for ap_int, ap_uint, ap_fixed and ap_ufixed: raw bits go in and out through
    /// `.range()` (fixed point) or the integer value (integers), keeping the low W bits.
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

"""#

    /// Loading and storing whole arguments; follows the element conversions above.
    static let transfer = #"""
// Reads dir/name.bin into count elements of width bytes; prints one line and fails if the
// file is missing or has the wrong size.
template <typename T>
static bool hlsgen_load(const std::string& dir, const char* name, T* data, long count, int width) {
    std::vector<unsigned char> bytes;
    if (!hlsgen_read_file(dir + "/" + name + ".bin", bytes, (size_t)count * (size_t)width)) {
        return false;
    }
    for (long i = 0; i < count; ++i) {
        hlsgen_decode(hlsgen_get(&bytes[(size_t)i * (size_t)width], width), data[i]);
    }
    return true;
}

// Writes count elements of width bytes to dir/name.out.bin.
template <typename T>
static bool hlsgen_store(const std::string& dir, const char* name, const T* data, long count, int width) {
    std::vector<unsigned char> bytes((size_t)count * (size_t)width);
    for (long i = 0; i < count; ++i) {
        hlsgen_put(&bytes[(size_t)i * (size_t)width], hlsgen_encode(data[i]), width);
    }
    return hlsgen_write_file(dir + "/" + name + ".out.bin", bytes);
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
