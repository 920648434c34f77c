import BenchmarkCorpus
import Core
import Foundation
import Kafka
import LocalSLS

/// One pipeline over one partition count: a fresh mock cluster and topic, a fresh local SLS server, the pipeline's
/// process, and the corpus produced while the pipeline consumes.
///
/// The mock cluster of librdkafka 2.0.2 keeps only about 5 MiB per partition and drops older data, so the corpus
/// is produced while the consumer runs, at most ``windowBytesPerPartition`` ahead of it (see ``DeliveryWindow``).
/// Lost or duplicated messages make the run report a problem.
struct BenchRun {
    /// How far the producer may run ahead of the pipeline on one partition, in bytes: below the 5 MiB the mock
    /// cluster keeps per partition, with room for the protocol overhead of each record batch.
    static let windowBytesPerPartition = 4 * 1024 * 1024
    /// The largest share of the corpus, in bytes, that one partition may receive when the pipeline reports no
    /// progress (the dry run). ``skipReason(pipeline:partitions:corpus:)`` enforces it, so that the producer never
    /// waits and the mock cluster keeps every record. The mock cluster counts the record batches it stores against
    /// its 5 MiB, and the 256 KiB left are meant for their framing (an estimate: a few dozen bytes per record).
    static let unwindowedBytesPerPartition = 4_864 * 1024

    /// Returns why `pipeline` cannot run over `partitions` with this corpus, or nil when it can. A pipeline that reports no
    /// progress needs every partition's share of the corpus to fit the mock cluster's retention at once.
    static func skipReason(pipeline: PipelineKind, partitions: Int, corpus: Corpus) -> String? {
        guard !pipeline.reportsProgress else { return nil }
        var bytes = Array(repeating: 0, count: partitions)
        for (index, message) in corpus.messages.enumerated() {
            bytes[index % partitions] += message.value.count
        }
        let largest = bytes.max() ?? 0
        guard largest > unwindowedBytesPerPartition else { return nil }
        return "\(pipeline.rawValue) over \(partitions) partition(s) was skipped: it reports no progress, so each "
            + "partition's share of the corpus must fit the mock cluster's retention at once, and one partition "
            + "gets \(largest / 1024) KiB, over the \(unwindowedBytesPerPartition / 1024) KiB limit; use more "
            + "partitions or a smaller --corpus-mb"
    }

    let corpus: Corpus
    let pipeline: PipelineKind
    let partitions: Int
    let launcher: PipelineLauncher
    let workDirectory: String
    /// The round of a repeated benchmark, which names the run's files; nil when each run happens once.
    var round: Int?
    let bytesPerSecond: Double?
    /// Seconds to wait after the pipeline reported its assignment before producing.
    let settleSeconds: Double
    /// The mock broker's delay of each response from the start of producing, in milliseconds. 0 adds no delay.
    let roundTripMilliseconds: Int
    let timeoutSeconds: Double
    let logger: Logger

    func run() throws -> RunResult {
        let runName = "\(pipeline.rawValue)-p\(partitions)" + (round.map { "-r\($0)" } ?? "")
        let cluster = try KafkaMockCluster(brokers: 1, logger: logger)
        defer { cluster.close() }
        let topic = "insights-logs-bench"
        try cluster.createTopic(topic, partitions: Int32(partitions))

        let sizes = corpus.messages.map(\.value.count)
        // A pipeline without progress reports gets no window; skipReason(pipeline:partitions:corpus:) made sure
        // that the whole corpus fits the mock cluster's retention.
        let window = DeliveryWindow(
            partitions: partitions,
            bytesPerPartition: pipeline.reportsProgress ? Self.windowBytesPerPartition : Int.max / 2
        )
        defer { window.cancel() }
        let tracker = AcceptanceTracker(expectedLogs: corpus.messages.map(\.recordCount), messageBytes: sizes) {
            [partitions] index in window.release(partition: index % partitions, bytes: sizes[index])
        }
        let kcatProgress = Locked(Array(repeating: 0, count: partitions))
        // The dry run gets a server too, which must see no request at all.
        let server = pipeline != .kcat ? try startServer(tracker: tracker) : nil
        defer { server?.stop() }

        let endpoints = RunEndpoints(
            bootstrapServers: cluster.bootstrapServers, topic: topic, consumerGroup: "bench-\(runName)",
            messages: corpus.messages.count, serverPort: server?.port, project: "bench", logstore: runName,
            workDirectory: workDirectory, runName: runName
        )
        let child = try ChildProcess(try launcher.specification(for: pipeline, endpoints: endpoints) {
            [partitions] partition in
            // Message i went to partition i % partitions, and each partition is read in order.
            guard partition >= 0 && partition < partitions else { return }
            let consumed = kcatProgress.withLock { counts in
                counts[partition] += 1
                return counts[partition]
            }
            let index = partition + (consumed - 1) * partitions
            if index < sizes.count { window.release(partition: partition, bytes: sizes[index]) }
        })
        defer { child.stop(graceSeconds: 5) }
        guard child.output.waitForMarker(seconds: 120) else {
            throw BenchError.runFailed("\(runName): the pipeline did not report its partition assignment within 120 s. "
                + "Last output:\n" + child.output.tail.joined(separator: "\n"))
        }
        let producer = try CorpusProducer(
            corpus: corpus, topic: topic, partitions: Int32(partitions), bootstrapServers: cluster.bootstrapServers,
            window: window, bytesPerSecond: bytesPerSecond, logger: logger
        ) { index, time in tracker.markProduced(index, atMilliseconds: time) }
        // After the assignment a consumer still looks up its start offsets, which takes over a second on the mock
        // cluster; producing earlier would add that start-up to the delays of the first windows of data.
        Thread.sleep(forTimeInterval: settleSeconds)
        // Set after the settle wait, so that the group join and the offset look-ups keep their usual time.
        if roundTripMilliseconds > 0 {
            try cluster.setBrokerRoundTripTime(-1, milliseconds: roundTripMilliseconds)
        }

        let benchStart = ResourceUsage.ofThisProcess()
        let startedAt = Clock.milliseconds()
        producer.start()

        var problems: [String] = []
        let endedAt: Int64
        let termination: ChildProcess.Termination?
        if pipeline.sendsToLogstore {
            if !tracker.waitUntilComplete(seconds: timeoutSeconds) {
                problems.append("not every message arrived within \(Int(timeoutSeconds)) s")
            }
            endedAt = tracker.finish().completedAtMilliseconds ?? Clock.milliseconds()
            // Every pipeline exits by itself after its message count.
            termination = child.waitForExit(seconds: 60) ?? child.stop()
        } else {
            termination = child.waitForExit(seconds: timeoutSeconds) ?? child.stop()
            endedAt = Clock.milliseconds()
        }
        window.cancel()
        let produced = producer.wait()
        let benchEnd = ResourceUsage.ofThisProcess()

        guard let termination else {
            throw BenchError.runFailed("\(runName): the pipeline's process did not exit after SIGKILL")
        }
        problems += check(termination, produced: produced, tracker: tracker)
        if !problems.isEmpty {
            problems.append("standard error is in \(workDirectory)/\(runName).stderr.log")
        }

        return RunResult(
            pipeline: pipeline, partitions: partitions, round: round ?? 1, rawBytes: corpus.totalBytes,
            messages: corpus.messages.count,
            records: corpus.totalRecords, wallSeconds: Double(endedAt - startedAt) / 1000,
            producerSeconds: Double(produced.finishedAtMilliseconds - startedAt) / 1000, usage: termination.usage,
            peakResidentMiB: Double(termination.peakResidentKiB) / 1024,
            benchCPUSeconds: benchEnd.cpuSeconds - benchStart.cpuSeconds,
            delivery: pipeline.sendsToLogstore ? tracker.finish() : nil, problems: problems
        )
    }

    private func startServer(tracker: AcceptanceTracker) throws -> LocalSLSServer {
        let server = LocalSLSServer(
            configuration: LocalSLSConfiguration(
                accessKeys: [LocalSLSConfiguration.AccessKey(
                    id: BenchCredentials.accessKeyID, secret: Secret(BenchCredentials.accessKeySecret)
                )],
                projects: [LocalSLSConfiguration.Project(name: "bench", logstores: .any)],
                keepsRecords: false, bodyCheck: .skip
            ),
            logger: logger,
            acceptanceObserver: { tracker.observe($0) }
        )
        try server.start()
        return server
    }

    private func check(
        _ termination: ChildProcess.Termination, produced: CorpusProducer.Outcome, tracker: AcceptanceTracker
    ) -> [String] {
        var problems: [String] = []
        if let failure = produced.failure {
            problems.append("the producer failed: \(failure)")
        }
        if let signal = termination.signal {
            problems.append("the pipeline was ended by signal \(signal)")
        }
        if let status = termination.exitStatus, status != 0 {
            problems.append("the pipeline exited with status \(status)")
        }
        if pipeline.sendsToLogstore {
            let summary = tracker.finish()
            if summary.logs - summary.duplicateLogs < corpus.totalRecords {
                problems.append("\(corpus.totalRecords - (summary.logs - summary.duplicateLogs)) of "
                    + "\(corpus.totalRecords) logs are missing")
            }
            if summary.duplicateLogs > 0 { problems.append("\(summary.duplicateLogs) logs arrived twice") }
            if summary.unknownLogs > 0 { problems.append("\(summary.unknownLogs) logs had no corpus correlationId") }
            if summary.scanFailures > 0 { problems.append("\(summary.scanFailures) bodies could not be scanned") }
        } else if pipeline == .bridgeDryRun {
            let summary = tracker.finish()
            if summary.logs > 0 { problems.append("the dry run sent \(summary.logs) logs to the Logstore") }
        }
        return problems
    }
}
