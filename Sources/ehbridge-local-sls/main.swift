// ehbridge-local-sls: an SLS-compatible PutLogs server on loopback. See `ehbridge-local-sls --help`.
import Core
import LocalSLS

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let options: LocalSLSOptions
do {
    switch try LocalSLSOptions.parse(Array(CommandLine.arguments.dropFirst())) {
    case .help:
        print(LocalSLSOptions.helpText)
        exit(0)
    case .run(let parsed):
        options = parsed
    }
} catch {
    FileHandleOutput.standardError("ehbridge-local-sls: \(error.message)\nRun ehbridge-local-sls --help for usage.\n")
    exit(2)
}

let logger = Logger(label: "local-sls", sink: StreamLogSink(format: options.logFormat))

// Block the stop signals before the server starts its threads, which inherit the mask, so that only
// sigwait below receives them.
var stopSignals = sigset_t()
sigemptyset(&stopSignals)
sigaddset(&stopSignals, SIGINT)
sigaddset(&stopSignals, SIGTERM)
pthread_sigmask(SIG_BLOCK, &stopSignals, nil)

let server = LocalSLSServer(configuration: options.configuration, logger: logger)
let port: UInt16
do {
    port = try server.start()
} catch {
    logger.error("local SLS server failed to start", metadata: ["error": .string(error.description)])
    exit(1)
}

for option in options.faults {
    server.injectFault(option.fault, times: option.times)
}

print(port)
fflush(nil)
logger.info("local SLS server listening", metadata: [
    "http.address": .string(options.configuration.host), "http.port": .int(port),
])

var received: Int32 = 0
sigwait(&stopSignals, &received)
logger.info("local SLS server stopping", metadata: ["signal": .int(received)])
server.stop()
for entry in server.allTotals {
    logger.info("local SLS server totals", metadata: [
        "sls.project": .string(entry.project), "sls.logstore": .string(entry.logstore),
        "sls.requests": .int(entry.totals.requests), "sls.logs": .int(entry.totals.logs),
        "sls.compressed_bytes": .int(entry.totals.compressedBytes), "sls.raw_bytes": .int(entry.totals.rawBytes),
    ])
}
exit(0)

enum FileHandleOutput {
    static func standardError(_ text: String) {
        var bytes = Array(text.utf8)
        _ = write(STDERR_FILENO, &bytes, bytes.count)
    }
}
