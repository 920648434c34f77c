import Dispatch
import Foundation
import LocalSLS
import SLS

/// Follows the logs a pipeline delivers to the local SLS server: which messages arrived complete, how long each
/// log took from produce to acceptance, and when the last one arrived.
///
/// The server's HTTP threads hand each accepted body to ``observe(_:)``, which only queues it. A serial queue
/// decompresses the body and scans it, so this work runs outside the pipeline under test but in the bench
/// process, whose CPU time the report shows separately.
final class AcceptanceTracker: @unchecked Sendable {
    // @unchecked: the mutable state is guarded by `condition`.
    struct Summary {
        var requests: Int
        var logs: Int
        var compressedBytes: Int
        var rawBytes: Int
        /// Logs whose message had already received all its logs (delivered again).
        var duplicateLogs: Int
        /// Logs without a corpus correlationId, or bodies that failed to decompress or scan.
        var unknownLogs: Int
        var scanFailures: Int
        /// Delay of each log from its message's produce time to the acceptance of its request, in milliseconds,
        /// sorted ascending.
        var delaysMilliseconds: [Int64]
        /// Acceptance time of the request that completed the last message, in milliseconds since the epoch.
        var completedAtMilliseconds: Int64?
        /// For each message, in the order they completed: the time its last log was accepted (milliseconds since
        /// the epoch) and its size in bytes.
        var completions: [(atMilliseconds: Int64, bytes: Int)]

        /// Returns the delivery rate in bytes per second between the completion of the `lower` and the `upper`
        /// fraction of the bytes, or nil when that span is empty. 0.1 and 0.9 leave out the start and the final linger.
        func steadyBytesPerSecond(from lower: Double, to upper: Double) -> Double? {
            let total = completions.reduce(0) { $0 + $1.bytes }
            var cumulative = 0
            var start: (time: Int64, bytes: Int)?
            for completion in completions.sorted(by: { $0.atMilliseconds < $1.atMilliseconds }) {
                cumulative += completion.bytes
                if start == nil, Double(cumulative) >= lower * Double(total) {
                    start = (completion.atMilliseconds, cumulative)
                }
                if let start, Double(cumulative) >= upper * Double(total) {
                    let milliseconds = completion.atMilliseconds - start.time
                    guard milliseconds > 0 else { return nil }
                    return Double(cumulative - start.bytes) / (Double(milliseconds) / 1000)
                }
            }
            return nil
        }
    }

    private let expectedLogs: [Int]
    private let messageBytes: [Int]
    private let condition = NSCondition()
    private let queue = DispatchQueue(label: "bench-acceptance-tracker")
    private var producedAtMilliseconds: [Int64]
    private var receivedLogs: [Int]
    private var completeMessages = 0
    private var summary = Summary(requests: 0, logs: 0, compressedBytes: 0, rawBytes: 0, duplicateLogs: 0,
                                  unknownLogs: 0, scanFailures: 0, delaysMilliseconds: [], completedAtMilliseconds: nil,
                                  completions: [])

    private let onMessageComplete: @Sendable (Int) -> Void

    /// `expectedLogs[i]` is the number of records of message `i`, each of which becomes one log, and
    /// `messageBytes[i]` the size of its value. `onMessageComplete(i)` runs once message `i` has all its logs.
    init(expectedLogs: [Int], messageBytes: [Int], onMessageComplete: @escaping @Sendable (Int) -> Void) {
        self.expectedLogs = expectedLogs
        self.messageBytes = messageBytes
        self.onMessageComplete = onMessageComplete
        producedAtMilliseconds = Array(repeating: 0, count: expectedLogs.count)
        receivedLogs = Array(repeating: 0, count: expectedLogs.count)
        summary.delaysMilliseconds.reserveCapacity(expectedLogs.reduce(0, +))
        completeMessages = expectedLogs.filter { $0 == 0 }.count
    }

    /// Records when message `index` was handed to the Kafka producer: the Kafka timestamp (CreateTime) that
    /// librdkafka gives the record is taken from the same wall clock in the same call.
    func markProduced(_ index: Int, atMilliseconds time: Int64) {
        condition.lock()
        producedAtMilliseconds[index] = time
        condition.unlock()
    }

    /// Queues one accepted request; called on the server's HTTP threads.
    func observe(_ acceptance: LocalSLSAcceptance) {
        queue.async { [self] in process(acceptance) }
    }

    /// Waits until every message arrived complete; returns false when `seconds` passed first.
    func waitUntilComplete(seconds: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        defer { condition.unlock() }
        while completeMessages < expectedLogs.count {
            if !condition.wait(until: deadline) { break }
        }
        return completeMessages == expectedLogs.count
    }

    /// Returns the counts after every queued request was processed.
    func finish() -> Summary {
        queue.sync {}
        condition.lock()
        defer { condition.unlock() }
        var result = summary
        result.delaysMilliseconds.sort()
        return result
    }

    private func process(_ acceptance: LocalSLSAcceptance) {
        var indices: [Int?] = []
        var failed = false
        do {
            let raw = try SLSCompressor.decompress(acceptance.body, using: acceptance.compression,
                                                   rawSize: acceptance.rawSize)
            indices = try LogGroupScanner.messageIndices(in: raw)
        } catch {
            failed = true
        }

        condition.lock()
        defer { condition.unlock() }
        summary.requests += 1
        summary.compressedBytes += acceptance.body.count
        summary.rawBytes += acceptance.rawSize
        if failed { summary.scanFailures += 1 }
        for index in indices {
            summary.logs += 1
            guard let index, index < expectedLogs.count else {
                summary.unknownLogs += 1
                continue
            }
            summary.delaysMilliseconds.append(acceptance.acceptedAtMilliseconds - producedAtMilliseconds[index])
            receivedLogs[index] += 1
            if receivedLogs[index] > expectedLogs[index] {
                summary.duplicateLogs += 1
            } else if receivedLogs[index] == expectedLogs[index] {
                completeMessages += 1
                summary.completions.append((acceptance.acceptedAtMilliseconds, messageBytes[index]))
                onMessageComplete(index)
                if completeMessages == expectedLogs.count {
                    summary.completedAtMilliseconds = acceptance.acceptedAtMilliseconds
                    condition.broadcast()
                }
            }
        }
    }
}
