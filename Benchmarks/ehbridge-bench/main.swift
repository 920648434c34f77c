// ehbridge-bench: the throughput benchmark behind `make bench`. See `ehbridge-bench --help` and docs/benchmarks.md.
import Core
import Foundation

#if canImport(Glibc)
import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
let options: BenchOptions
do {
    guard let parsed = try BenchOptions.parse(arguments) else {
        print(BenchOptions.helpText)
        exit(0)
    }
    options = parsed
} catch {
    FileHandle.standardError.write(Data("ehbridge-bench: \(error)\nRun ehbridge-bench --help for usage.\n".utf8))
    exit(2)
}

do {
    try BenchCommand(options: options, arguments: arguments).run()
} catch {
    FileHandle.standardError.write(Data("ehbridge-bench: \(error)\n".utf8))
    exit(1)
}
