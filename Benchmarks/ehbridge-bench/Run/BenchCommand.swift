import BenchmarkCorpus
import Core
import Foundation

/// Generates the corpus, runs every pipeline over every partition count, and prints the report.
struct BenchCommand {
    let options: BenchOptions
    let arguments: [String]

    func run() throws {
        let corpus = Corpus.generate(seed: options.seed, targetBytes: Int(options.corpusMegabytes * 1_000_000))
        if case .stages = options.mode {
            let benchmark = StageBenchmark(corpus: corpus, rounds: options.rounds, signature: options.signature)
            print(benchmark.report(benchmark.run()), terminator: "")
            return
        }
        let statistics = try CorpusStatistics(corpus)
        if case .corpus(let directory) = options.mode {
            try describe(corpus, statistics, writingTo: directory)
            return
        }
        try checkTools()

        // Absolute, because the bridge resolves the meter path in its configuration against the configuration's
        // folder, which is the work directory itself.
        let workDirectory = try options.workDirectory.map { URL(fileURLWithPath: $0).path } ?? makeTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        let logger = Logger(label: "bench", minimumLevel: .warning, sink: StreamLogSink(format: .logfmt))
        var launcher = PipelineLauncher(tools: options.tools, bridgePrefix: options.bridgePrefix)
        launcher.signature = options.signature
        if let path = options.bridgeConfigurationPath {
            launcher.bridgeExtraConfiguration = try String(contentsOfFile: path, encoding: .utf8)
        }
        progress("corpus: \(corpus.messages.count) messages, \(corpus.totalRecords) records, \(corpus.totalBytes) bytes; "
            + "work directory \(workDirectory)")

        var results: [RunResult] = []
        var skipped: [String] = []
        // Rounds run every pipeline once before the next round starts, so that a slow spell of the shared machine
        // touches every pipeline alike rather than the runs of one.
        for round in 1...options.repeats {
            for partitions in options.partitionCounts {
                for pipeline in options.pipelines {
                    if let reason = BenchRun.skipReason(pipeline: pipeline, partitions: partitions, corpus: corpus) {
                        if round == 1 {
                            progress(reason)
                            skipped.append(reason)
                        }
                        continue
                    }
                    let roundText = options.repeats > 1 ? " (round \(round) of \(options.repeats))" : ""
                    progress("running \(pipeline.rawValue) over \(partitions) partition(s)\(roundText) ...")
                    let run = BenchRun(
                        corpus: corpus, pipeline: pipeline, partitions: partitions, launcher: launcher,
                        workDirectory: workDirectory, round: options.repeats > 1 ? round : nil,
                        bytesPerSecond: options.rateMegabytesPerSecond.map { $0 * 1_000_000 },
                        settleSeconds: options.settleSeconds, roundTripMilliseconds: options.roundTripMilliseconds,
                        timeoutSeconds: options.timeoutSeconds, logger: logger
                    )
                    let result = try run.run()
                    progress("  \(String(format: "%.1f", result.megabytesPerSecond)) MB/s, "
                        + "\(String(format: "%.2f", result.usage.cpuSeconds)) CPU s"
                        + (result.problems.isEmpty ? "" : "; problems: " + result.problems.joined(separator: "; ")))
                    results.append(result)
                }
            }
        }

        let report = MarkdownReport(
            command: (["ehbridge-bench"] + arguments).joined(separator: " "), machine: .current(),
            corpus: statistics, seed: options.seed, results: results, skipped: skipped
        ).render()
        print(report, terminator: "")
        if let outputPath = options.outputPath {
            try report.write(toFile: outputPath, atomically: true, encoding: .utf8)
        }
        if results.contains(where: { !$0.problems.isEmpty }) {
            throw BenchError.runFailed("some runs had problems; their numbers are not trustworthy (see above)")
        }
    }

    private func describe(_ corpus: Corpus, _ statistics: CorpusStatistics, writingTo directory: String?) throws {
        print("messages: \(statistics.messages), records: \(statistics.records), bytes: \(statistics.bytes)")
        print("records per message: mean \(String(format: "%.1f", statistics.meanRecordsPerMessage)), "
            + "max \(statistics.maxRecordsPerMessage)")
        print("record bytes: min \(statistics.minRecordBytes), median \(statistics.medianRecordBytes), "
            + "mean \(Int(statistics.meanRecordBytes)), max \(statistics.maxRecordBytes), "
            + "\(String(format: "%.1f", statistics.recordsInSizeRange * 100)) % within 500 to 5000")
        print("lz4 ratio of the JSON in 512 KiB blocks: \(String(format: "%.2f", statistics.lz4Ratio))")
        var families: [String: Int] = [:]
        for message in corpus.messages {
            families["\(message.family)", default: 0] += message.recordCount
        }
        for (family, records) in families.sorted(by: { $0.key < $1.key }) {
            print("  \(family): \(records) records")
        }

        guard let directory else { return }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (index, message) in corpus.messages.enumerated() {
            let name = String(format: "%06d.json", index)
            try Data(message.value).write(to: URL(fileURLWithPath: directory).appendingPathComponent(name))
        }
        print("wrote \(corpus.messages.count) messages to \(directory)")
    }

    private func checkTools() throws {
        let needsPython = options.pipelines.contains(where: \.isPythonScript)
        let needsBridge = options.pipelines.contains { $0 == .bridge || $0 == .bridgeDryRun }
        if needsBridge, !FileManager.default.isExecutableFile(atPath: options.tools.ehbridge) {
            throw BenchError.usage("\(options.tools.ehbridge) is not an executable; build it with "
                + "`scripts/build-release.sh ehbridge` or pass --ehbridge PATH")
        }
        if needsPython, !FileManager.default.isExecutableFile(atPath: options.tools.python) {
            throw BenchError.usage("\(options.tools.python) is missing; run `make bench`, which creates .venv-bench, "
                + "or pass --python PATH")
        }
    }

    private func makeTemporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "ehbridge-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func progress(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
