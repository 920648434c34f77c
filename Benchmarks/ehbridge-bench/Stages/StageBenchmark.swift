import AzureLogs
import BenchmarkCorpus
import Core
import Foundation
import SLS

#if canImport(Glibc)
import Glibc
#endif

/// Measures the CPU time of each step a partition lane of the bridge takes, in this process and on one thread.
/// The steps are normalizing the corpus, packing the entries into LogGroups, encoding and compressing them with
/// the bridge's ``PutLogsBodyEncoder``, signing, and freeing what was built. No Kafka, no HTTP and no meter are involved, so the numbers isolate the code of the hot path and
/// run quickly under valgrind's callgrind.
///
/// Batches follow the bridge's defaults: at most 4096 logs and 512 KiB (524,288 bytes) of encoded LogGroup.
/// Signing uses signature v1 by default, as the bridge does, whose `Content-MD5` hashes every body with MD5. With v4
/// the body is hashed with SHA-256 instead.
struct StageBenchmark {
    let corpus: Corpus
    let rounds: Int
    let signature: SignatureVersion
    /// Reused across rounds, as the bridge reuses one for its whole run.
    private let bodyEncoder = PutLogsBodyEncoder()

    /// The CPU time of one step in the fastest round, in seconds.
    struct StageTime {
        var name: String
        var cpuSeconds: Double
    }

    private static let maximumLogsPerBatch = 4096
    private static let maximumBatchBytes = 524_288

    /// Runs every step `rounds` times and returns the smallest CPU time of each step, which is the least
    /// disturbed by other work on the machine.
    func run() -> [StageTime] {
        var best: [StageTime] = []
        for round in 0..<rounds {
            let times = runOnce()
            if round == 0 {
                best = times
            } else {
                for index in best.indices {
                    best[index].cpuSeconds = min(best[index].cpuSeconds, times[index].cpuSeconds)
                }
            }
        }
        return best
    }

    private func runOnce() -> [StageTime] {
        var times: [StageTime] = []
        let receivedAt = Int64(Date().timeIntervalSince1970 * 1000)

        var messages: [NormalizedMessage] = []
        times.append(measure("normalize") {
            messages = normalizeCorpus(receivedAt: receivedAt)
        })

        var groups: [LogGroup] = []
        times.append(measure("batch") {
            groups = Self.batches(of: messages)
        })

        var requests: [PutLogsRequest] = []
        times.append(measure("encode and compress") {
            requests = encodeGroups(groups)
        })

        var signed: [SignedRequest] = []
        times.append(measure("sign") {
            signed = signRequests(requests, nowSeconds: receivedAt / 1000)
        })

        times.append(measure("free") {
            messages = []
            groups = []
            requests = []
            signed.removeAll()
        })
        return times
    }

    // The steps are methods that are never inlined, so that a callgrind profile names each one (see
    // scripts/bench/profile-stages.sh).

    @inline(never)
    private func normalizeCorpus(receivedAt: Int64) -> [NormalizedMessage] {
        let normalizer = AzureLogNormalizer()
        var messages: [NormalizedMessage] = []
        messages.reserveCapacity(corpus.messages.count)
        for (offset, message) in corpus.messages.enumerated() {
            let context = MessageContext(
                kafkaTimestampMilliseconds: receivedAt, receivedAtMilliseconds: receivedAt, kafkaOffset: Int64(offset)
            )
            let normalized = message.value.withUnsafeBytes { normalizer.normalize(payload: $0, context: context) }
            messages.append(normalized)
        }
        return messages
    }

    @inline(never)
    private func encodeGroups(_ groups: [LogGroup]) -> [PutLogsRequest] {
        var requests: [PutLogsRequest] = []
        requests.reserveCapacity(groups.count)
        for group in groups {
            // lz4 does not fail on input below its 2 GB limit, which a 512 KiB batch is far from.
            if let request = try? bodyEncoder.request(project: "bench", logstore: "stages", group: group, compression: .lz4) {
                requests.append(request)
            }
        }
        return requests
    }

    @inline(never)
    private func signRequests(_ requests: [PutLogsRequest], nowSeconds: Int64) -> [SignedRequest] {
        let credentials = SLSCredentials(accessKeyID: "bench-access-key-id", accessKeySecret: Secret("bench-secret"))
        var signed: [SignedRequest] = []
        signed.reserveCapacity(requests.count)
        for request in requests {
            signed.append(PutLogsRequestSigner.sign(
                request, endpointHost: "sls.bench.invalid", credentials: credentials, version: signature,
                nowSeconds: nowSeconds, userAgent: "ehbridge-bench"
            ))
        }
        return signed
    }

    /// Packs the entries in order into LogGroups the way a lane does: a group is sealed before the entry that
    /// would take it past the log count or byte limit.
    @inline(never)
    private static func batches(of messages: [NormalizedMessage]) -> [LogGroup] {
        var groups: [LogGroup] = []
        var current: [LogEntry] = []
        var currentBytes = 0
        for message in messages {
            for entry in message.entries {
                let size = LogGroupEncoder.encodedSize(ofLog: entry)
                if !current.isEmpty && (current.count >= maximumLogsPerBatch || currentBytes + size > maximumBatchBytes) {
                    groups.append(LogGroup(logs: current, topic: "insights-logs-bench", source: "bench"))
                    current = []
                    currentBytes = 0
                }
                current.append(entry)
                currentBytes += size
            }
        }
        if !current.isEmpty {
            groups.append(LogGroup(logs: current, topic: "insights-logs-bench", source: "bench"))
        }
        return groups
    }

    /// Runs `body` as one step. Kept out of line so that callgrind can count exactly the instructions of the steps
    /// (scripts/bench/profile-stages.sh collects only inside `measure`).
    @inline(never)
    private func measure(_ name: String, _ body: () -> Void) -> StageTime {
        let start = Self.threadCPUSeconds()
        body()
        return StageTime(name: name, cpuSeconds: Self.threadCPUSeconds() - start)
    }

    /// CPU time of the calling thread, in seconds.
    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1_000_000_000
    }

    /// Renders the times as a Markdown table with CPU seconds per GB (10⁹ bytes of message values) and MB per
    /// CPU second for each step and for all of them.
    func report(_ times: [StageTime]) -> String {
        let gigabytes = Double(corpus.totalBytes) / 1_000_000_000
        let total = times.reduce(0) { $0 + $1.cpuSeconds }
        var lines = [
            "Corpus: \(corpus.messages.count) messages, \(corpus.totalRecords) records, "
                + "\(String(format: "%.1f", Double(corpus.totalBytes) / 1_000_000)) MB; fastest of \(rounds) round(s); "
                + "signature \(signature == .v1 ? "v1" : "v4").",
            "",
            "| Step | CPU s per GB | MB per CPU s | Share |",
            "|---|---:|---:|---:|",
        ]
        for time in times + [StageTime(name: "all", cpuSeconds: total)] {
            let perGB = time.cpuSeconds / gigabytes
            let rate = time.cpuSeconds > 0 ? gigabytes * 1000 / time.cpuSeconds : 0
            let share = total > 0 ? time.cpuSeconds / total * 100 : 0
            lines.append("| \(time.name) | \(String(format: "%.2f", perGB)) | \(String(format: "%.0f", rate)) "
                + "| \(String(format: "%.0f", share)) % |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
