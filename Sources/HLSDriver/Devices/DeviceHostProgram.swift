import Foundation
import HLSEmitter
import HLSIR

/// The multi-device host of a split model (`HostEmitter.emitDevices`) built in its
/// C-simulation variant, as system.mk's `csim-host` builds it: every role's kernel compiled as
/// C++14 with only its top left global and renamed to the role's symbol (`objcopy
/// --keep-global-symbol`, `--redefine-sym`), `host.cpp` as C++17 with `-DHLSGEN_CSIM`, all
/// `-O2 -ffp-contract=off`, linked into one program of N in-process devices. It takes the
/// one-device host's command line and prints what it prints.
enum DeviceHostProgram {
    /// `designs[e]`: device e's design.
    static func build(_ designs: [Design], name: String, in directory: String, headers: String,
                      compiler: String = "g++") throws -> LlamaHostProgram {
        guard CommandRunner.available(compiler) else {
            throw DriverError("\(compiler) is not installed; install g++ (Debian: apt-get install g++) to run the C simulation")
        }
        guard CommandRunner.available("objcopy") else { throw DriverError("objcopy is not installed; install binutils to link the device kernels") }
        let devices = try designs.map { d throws in try BoundDesign.binding(d) }
        let bound = DeviceRole.roles(of: devices)
        var files = try HostEmitter.emitDevices(devices, name: name)
        for role in bound {
            let top = role.design.top
            for f in try Emitter.emit(role.design) where f.path == "\(top).cpp" || f.path == "\(top).h" {
                files.append(EmittedFile(path: "\(role.folder)/\(f.path)", bytes: f.bytes))
            }
        }
        try SimulationFiles.write(files, into: directory)
        let common = ["-O2", "-ffp-contract=off", "-isystem", headers]
        var jobs: [(file: String, args: [String])] = bound.map { role in
            let source = "\(directory)/\(role.folder)/\(role.design.top)"
            return ("\(role.folder)/\(role.design.top).cpp", ["-std=c++14"] + common + ["-c", source + ".cpp", "-o", source + ".o"])
        }
        let hostObject = "\(directory)/host.o"
        jobs.append(("host.cpp", ["-std=c++17", "-DHLSGEN_CSIM"] + common + ["-I", directory, "-c", "\(directory)/host.cpp", "-o", hostObject]))
        try LlamaHostProgram.compile(jobs, compiler: compiler)
        var objects = [hostObject]
        for role in bound {
            let object = "\(directory)/\(role.folder)/\(role.design.top).o"
            try LlamaHostProgram.objcopy(["--keep-global-symbol=\(role.design.top)"], object)
            try LlamaHostProgram.objcopy(["--redefine-sym", "\(role.design.top)=\(role.symbol)"], object)
            objects.append(object)
        }
        let executable = "\(directory)/devices_csim_host"
        let link = try CommandRunner.run(compiler, objects + ["-o", executable, "-lm"])
        guard link.status == 0 else { throw DriverError("\(compiler) failed to link the multi-device host: \(LlamaHostProgram.firstError(link.output))") }
        return LlamaHostProgram(executable: executable)
    }
}
