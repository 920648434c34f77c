import Foundation
import SLS

/// The command line of `ehbridge-bench`.
struct BenchOptions {
    enum Mode {
        /// Runs the pipelines and prints the report.
        case run
        /// Generates the corpus, prints its statistics and optionally writes each message to a file.
        case corpus(writeDirectory: String?)
        /// Times each step of the bridge's hot path in this process (see ``StageBenchmark``).
        case stages
    }

    var mode = Mode.run
    var seed: UInt64 = 1
    /// Corpus size in MB (10⁶ bytes) of message values.
    var corpusMegabytes = 35.0
    var partitionCounts = [1, 8, 32]
    var pipelines = PipelineKind.allCases
    var tools: ToolPaths
    var workDirectory: String?
    /// Producer pacing in MB (10⁶ bytes) per second; nil produces as fast as librdkafka accepts.
    var rateMegabytesPerSecond: Double?
    /// Seconds between a pipeline's partition assignment and the first produced message.
    var settleSeconds = 3.0
    /// Milliseconds the mock broker delays each response by once producing starts, standing in for the network
    /// between the bridge and Event Hubs. 0 adds no delay.
    var roundTripMilliseconds = 0
    var timeoutSeconds = 600.0
    var bridgePrefix: [String] = []
    /// A YAML file whose sections are appended to the bridge's configuration.
    var bridgeConfigurationPath: String?
    var outputPath: String?
    /// Rounds of the stages command; the fastest counts.
    var rounds = 3
    /// Runs of each pipeline over each partition count, in interleaved rounds. The report shows the median run.
    var repeats = 1
    /// The signature the bridge and the stages command use for PutLogs requests. The Python scripts sign with v1.
    var signature = SignatureVersion.v1

    static let helpText = """
        Usage: ehbridge-bench [run] [options]
               ehbridge-bench corpus [--seed N] [--corpus-mb MB] [--write DIRECTORY]
               ehbridge-bench stages [--seed N] [--corpus-mb MB] [--rounds N] [--signature v1|v4]

        Streams a generated corpus of Azure log messages through librdkafka's mock cluster (on 127.0.0.1) while a
        pipeline consumes it: kcat to /dev/null, `ehbridge run`, `ehbridge dry-run`, and three Python reference
        scripts that forward to a local SLS server. Prints one Markdown table per partition count with throughput,
        CPU time and peak RSS of the pipeline's own process, and delays from produce to acceptance by the local
        server.

        `stages` times the steps of the bridge's hot path (normalize, batch, encode, compress, sign, free) in this
        process on one thread, without Kafka or HTTP, and prints CPU seconds per GB for each.

        Options:
          --seed N              corpus seed (default 1)
          --corpus-mb MB        corpus size in MB of message values, 10^6 bytes (default 35)
          --partitions LIST     partition counts, comma-separated (default 1,8,32)
          --pipelines LIST      from kcat, bridge, bridge-dry-run, python-sdk, python-sdk-per-message,
                                python-producer (default all)
          --ehbridge PATH       the ehbridge executable (default: next to ehbridge-bench)
          --kcat PATH           the kcat executable (default kcat on PATH)
          --python PATH         Python with the reference packages (default .venv-bench/bin/python)
          --scripts DIRECTORY   the reference scripts (default scripts/bench)
          --work-dir DIRECTORY  configurations, meter files and logs of the runs (default: a new temporary one)
          --rate MB             produce at most MB megabytes per second (default: as fast as possible)
          --settle SECONDS      wait between the pipeline's partition assignment and producing (default 3)
          --timeout SECONDS     time limit of one run (default 600)
          --rtt MS              delay every response of the mock broker by MS milliseconds from the start of
                                producing, as a distant broker would (default 0). The bench's own producer
                                waits too (the report's Producer s column), and so do the pipeline's commits.
          --bridge-prefix CMD   run the bridge under CMD, split at spaces (for example valgrind --tool=callgrind)
          --bridge-config FILE  append the YAML sections in FILE (such as delivery:) to the bridge's configuration,
                                for experiments (docs/benchmarks.md publishes runs without it)
          --output FILE         also write the report to FILE
          --rounds N            rounds of the stages command; the fastest counts (default 3)
          --repeat N            run every pipeline N times, round after round, and report for each the run
                                with the median CPU per GB (the lower middle one for an even N) and the
                                range over all runs (default 1; use an odd N)
          --signature v1|v4     the bridge's request signature, in runs and in the stages command (default v1,
                                the bridge's default); v4 hashes the body with SHA-256 instead of MD5
          --help                print this help
        """

    static func parse(_ arguments: [String]) throws -> BenchOptions? {
        let executableDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
        var options = BenchOptions(tools: ToolPaths(
            ehbridge: executableDirectory + "/ehbridge", kcat: "kcat", python: ".venv-bench/bin/python",
            scriptsDirectory: "scripts/bench"
        ))

        var remaining = arguments[...]
        if let first = remaining.first, !first.hasPrefix("-") {
            remaining = remaining.dropFirst()
            switch first {
            case "run": options.mode = .run
            case "corpus": options.mode = .corpus(writeDirectory: nil)
            case "stages": options.mode = .stages
            default: throw BenchError.usage("unknown command \(first); use run, corpus or stages")
            }
        }

        while let option = remaining.popFirst() {
            func value() throws -> String {
                guard let next = remaining.popFirst() else { throw BenchError.usage("\(option) needs a value") }
                return next
            }
            func number(_ text: String) throws -> Double {
                guard let parsed = Double(text), parsed > 0 else {
                    throw BenchError.usage("\(option) \(text) is not a positive number")
                }
                return parsed
            }

            switch option {
            case "--help", "-h": return nil
            case "--seed":
                let text = try value()
                guard let seed = UInt64(text) else { throw BenchError.usage("invalid --seed '\(text)': expected a whole number") }
                options.seed = seed
            case "--corpus-mb": options.corpusMegabytes = try number(try value())
            case "--partitions":
                let text = try value()
                let counts = text.split(separator: ",").compactMap { Int($0) }
                guard !counts.isEmpty, counts.allSatisfy({ $0 >= 1 }) else {
                    throw BenchError.usage("--partitions \(text) is not a list of positive numbers, such as 1,8,32")
                }
                options.partitionCounts = counts
            case "--pipelines":
                let text = try value()
                var kinds: [PipelineKind] = []
                for name in text.split(separator: ",") {
                    guard let kind = PipelineKind(rawValue: String(name)) else {
                        throw BenchError.usage("--pipelines: unknown pipeline \(name); use one or more of "
                            + PipelineKind.allCases.map(\.rawValue).joined(separator: ", "))
                    }
                    kinds.append(kind)
                }
                options.pipelines = kinds
            case "--ehbridge": options.tools.ehbridge = try value()
            case "--kcat": options.tools.kcat = try value()
            case "--python": options.tools.python = try value()
            case "--scripts": options.tools.scriptsDirectory = try value()
            case "--work-dir": options.workDirectory = try value()
            case "--rate": options.rateMegabytesPerSecond = try number(try value())
            case "--timeout": options.timeoutSeconds = try number(try value())
            case "--rtt":
                let text = try value()
                guard let milliseconds = Int(text), (0...10_000).contains(milliseconds) else {
                    throw BenchError.usage("invalid --rtt '\(text)': expected whole milliseconds from 0 to 10000")
                }
                options.roundTripMilliseconds = milliseconds
            case "--settle":
                let text = try value()
                guard let seconds = Double(text), seconds >= 0 else {
                    throw BenchError.usage("invalid --settle '\(text)': expected a number of seconds, 0 or more")
                }
                options.settleSeconds = seconds
            case "--bridge-prefix": options.bridgePrefix = try value().split(separator: " ").map(String.init)
            case "--bridge-config": options.bridgeConfigurationPath = try value()
            case "--output": options.outputPath = try value()
            case "--rounds":
                let text = try value()
                guard let rounds = Int(text), rounds >= 1 else {
                    throw BenchError.usage("invalid --rounds '\(text)': expected a whole number of at least 1")
                }
                options.rounds = rounds
            case "--repeat":
                let text = try value()
                guard let repeats = Int(text), repeats >= 1 else {
                    throw BenchError.usage("invalid --repeat '\(text)': expected a whole number of at least 1")
                }
                options.repeats = repeats
            case "--signature":
                switch try value() {
                case "v1": options.signature = .v1
                case "v4": options.signature = .v4(region: BenchCredentials.region)
                case let other:
                    throw BenchError.usage("invalid --signature '\(other)': expected v1 or v4")
                }
            case "--write":
                guard case .corpus = options.mode else { throw BenchError.usage("--write applies to the corpus command") }
                options.mode = .corpus(writeDirectory: try value())
            default:
                throw BenchError.usage("unknown option \(option)")
            }
        }
        return options
    }
}
