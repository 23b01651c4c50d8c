import Foundation

/// Finds Xilinx's arbitrary-precision headers (ap_int.h, ap_fixed.h) for the C simulation.
///
/// Order: `$XILINX_HLS/include` when set; `$HLSGEN_AP_TYPES` when set; the cache folder
/// (`$HLSGEN_CACHE` or `~/.cache/hlsgen`)`/ap_types`, fetched once from the hls4ml 1.3.0
/// wheel on PyPI (Apache-2.0 headers, the 2019 release) with `python3 -m pip download`.
public enum APTypesHeaders {
    public static let wheel = "hls4ml==1.3.0"
    static let pathInWheel = "hls4ml/templates/vivado/ap_types/"

    /// The cache folder used when neither environment variable is set.
    public static var cacheDirectory: String {
        let env = ProcessInfo.processInfo.environment
        if let c = env["HLSGEN_CACHE"], !c.isEmpty { return c }
        return (env["HOME"] ?? NSTemporaryDirectory()) + "/.cache/hlsgen"
    }

    /// The include folder, fetching the headers into the cache if needed.
    public static func locate(fetch: Bool = true) throws(DriverError) -> String {
        let env = ProcessInfo.processInfo.environment
        if let x = env["XILINX_HLS"], !x.isEmpty {
            let dir = x + "/include"
            guard hasHeaders(dir) else { throw DriverError("XILINX_HLS is set to \(x), but \(dir) has no ap_int.h and ap_fixed.h") }
            return dir
        }
        if let dir = env["HLSGEN_AP_TYPES"], !dir.isEmpty {
            guard hasHeaders(dir) else { throw DriverError("HLSGEN_AP_TYPES is set to \(dir), which has no ap_int.h and ap_fixed.h") }
            return dir
        }
        let cached = cacheDirectory + "/ap_types"
        if hasHeaders(cached) { return cached }
        guard fetch else { throw DriverError(instructions("the headers are not in \(cached)")) }
        try download(into: cached)
        return cached
    }

    static func hasHeaders(_ dir: String) -> Bool {
        let fm = FileManager.default
        return fm.fileExists(atPath: dir + "/ap_int.h") && fm.fileExists(atPath: dir + "/ap_fixed.h")
    }

    static func instructions(_ why: String) -> String {
        "cannot find Xilinx's ap_types headers (\(why)); set XILINX_HLS to a Vitis HLS installation, " +
            "or HLSGEN_AP_TYPES to a folder with ap_int.h and ap_fixed.h, or run " +
            "`python3 -m pip download --no-deps \(wheel)` and unzip hls4ml/templates/vivado/ap_types/ into \(cacheDirectory)/ap_types"
    }

    /// Downloads the wheel with pip and unpacks the header folder into `target` atomically.
    static func download(into target: String) throws(DriverError) {
        let fm = FileManager.default
        let work = NSTemporaryDirectory() + "hlsgen-headers-\(ProcessInfo.processInfo.processIdentifier)"
        try? fm.removeItem(atPath: work)
        defer { try? fm.removeItem(atPath: work) }
        do { try fm.createDirectory(atPath: work, withIntermediateDirectories: true) } catch {
            throw DriverError(instructions("cannot create \(work)"))
        }
        FileHandle.standardError.write(Data("hlsgen: fetching ap_types headers from PyPI (\(wheel)) into \(target)\n".utf8))
        let pip = try CommandRunner.run("python3", ["-m", "pip", "download", "--no-deps", "--quiet", wheel, "-d", work])
        guard pip.status == 0 else {
            let first = pip.output.split(separator: "\n").last.map(String.init) ?? "no output"
            throw DriverError(instructions("pip download failed: \(first)"))
        }
        // Unpack with Python's zipfile (always present with pip) into a staging folder, then rename.
        let staging = work + "/unpacked"
        let script = """
        import glob, os, sys, zipfile
        whl = glob.glob(os.path.join(sys.argv[1], 'hls4ml-*.whl'))[0]
        prefix = '\(pathInWheel)'
        with zipfile.ZipFile(whl) as z:
            for n in z.namelist():
                if n.startswith(prefix) and not n.endswith('/'):
                    out = os.path.join(sys.argv[2], n[len(prefix):])
                    os.makedirs(os.path.dirname(out), exist_ok=True)
                    with open(out, 'wb') as f:
                        f.write(z.read(n))
        """
        let unzip = try CommandRunner.run("python3", ["-c", script, work, staging])
        guard unzip.status == 0, hasHeaders(staging) else {
            throw DriverError(instructions("the downloaded wheel has no ap_types folder: \(unzip.output.prefix(200))"))
        }
        do {
            try fm.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if fm.fileExists(atPath: target) { try fm.removeItem(atPath: target) }
            try fm.moveItem(atPath: staging, toPath: target)
        } catch {
            throw DriverError(instructions("cannot move the headers into \(target): \(error.localizedDescription)"))
        }
    }
}
