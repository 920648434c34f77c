import Testing
@testable import Core

@Suite struct RateLimitingLogSinkTests {
    /// A clock the test moves by hand, in milliseconds.
    final class ManualClock: Sendable {
        private let now = Locked<UInt64>(1_000)
        func advance(by milliseconds: UInt64) { now.withLock { $0 += milliseconds } }
        var milliseconds: UInt64 { now.withLock { $0 } }
    }

    private func makeSink(burst: Int = 2, interval: Int = 1_000) -> (RateLimitingLogSink, CapturingLogSink, ManualClock) {
        let base = CapturingLogSink()
        let clock = ManualClock()
        let sink = RateLimitingLogSink(
            base: base, policy: LogRateLimit(intervalMilliseconds: interval, burst: burst), clock: { clock.milliseconds }
        )
        return (sink, base, clock)
    }

    private func record(_ message: String, level: LogLevel = .error, metadata: LogMetadata = [:]) -> LogRecord {
        LogRecord(timestamp: 0, level: level, label: "sls", message: message, metadata: metadata)
    }

    @Test func repeatsBeyondBurstAreCounted() {
        let (sink, base, clock) = makeSink()
        for attempt in 0..<10 {
            sink.write(record("PutLogs attempt failed", metadata: ["bridge.attempts": .int(attempt)]))
        }
        #expect(base.lines.count == 2)

        clock.advance(by: 1_000)
        sink.write(record("PutLogs attempt failed"))
        #expect(base.lines.count == 3)
        #expect(base.lines[2].contains("log.suppressed=8"))
    }

    @Test func differentMessagesAreLimitedSeparately() {
        let (sink, base, _) = makeSink(burst: 1)
        sink.write(record("first"))
        sink.write(record("first"))
        sink.write(record("second"))
        sink.write(record("second", level: .warning))
        #expect(base.lines.count == 3)
    }

    @Test func linesBelowMinimumLevelPassUnlimited() {
        let (sink, base, _) = makeSink(burst: 1)
        for _ in 0..<5 { sink.write(record("polled", level: .info)) }
        #expect(base.lines.count == 5)
    }

    /// Without a later record, the timer writes the count once the window has ended.
    @Test func periodicSweepReportsCountWithoutLaterLine() async throws {
        let base = CapturingLogSink()
        let sink = RateLimitingLogSink(base: base, policy: LogRateLimit(intervalMilliseconds: 50, burst: 1))
        sink.startPeriodicSweep()
        for _ in 0..<5 {
            sink.write(record("PutLogs attempt failed"))
        }

        var summary: String?
        for _ in 0..<200 where summary == nil {
            try await Task.sleep(for: .milliseconds(10))
            summary = base.lines.first { $0.contains(RateLimitingLogSink.summaryMessage) }
        }

        #expect(summary?.contains("log.suppressed=4") == true, "\(base.lines)")
    }

    @Test func flushReportsPendingCounts() {
        let (sink, base, _) = makeSink(burst: 1)
        for _ in 0..<4 { sink.write(record("Kafka client error", metadata: ["kafka.error": "_TRANSPORT"])) }
        sink.flush()

        #expect(base.lines.count == 2)
        let summary = base.lines[1]
        #expect(summary.contains("msg=\"repeated log lines suppressed\""))
        #expect(summary.contains("log.suppressed=3"))
        #expect(summary.contains("log.suppressed_message=\"Kafka client error\""))
        #expect(summary.contains("kafka.error=_TRANSPORT"))
    }

    @Test func endedWindowIsSummarizedByLaterLine() {
        let (sink, base, clock) = makeSink(burst: 1)
        for _ in 0..<3 { sink.write(record("quiet now")) }
        clock.advance(by: 1_500)
        sink.write(record("another line"))

        #expect(base.lines.count == 3)
        #expect(base.lines[1].contains("log.suppressed=2"))
        #expect(base.lines[2].contains("msg=\"another line\""))
    }

    @Test func offPolicyWritesEverything() {
        let base = CapturingLogSink()
        let sink = RateLimitingLogSink(base: base, policy: .off)
        for _ in 0..<20 { sink.write(record("same")) }
        #expect(base.lines.count == 20)
    }

    @Test func suppressedCountAppearsInJSON() {
        let base = CapturingLogSink(format: .json)
        let clock = ManualClock()
        let sink = RateLimitingLogSink(base: base, policy: LogRateLimit(intervalMilliseconds: 10, burst: 1),
                                       clock: { clock.milliseconds })
        sink.write(record("x"))
        sink.write(record("x"))
        clock.advance(by: 10)
        sink.write(record("x"))
        #expect(base.lines.last?.contains("\"log.suppressed\":1") == true)
    }
}
