import Dispatch

/// A sink that passes records to another sink but writes at most ``LogRateLimit/burst`` repeats of one line
/// per interval and counts the rest. An error that repeats thousands of times a second then neither floods
/// the log nor hides how often it happened.
///
/// Counts still pending are written when a later record arrives after their window has ended, by the timer of
/// ``startPeriodicSweep()``, and by ``flush()``. Call ``flush()`` before the process exits.
public final class RateLimitingLogSink: LogSink {
    private struct Key: Hashable, Sendable {
        var label: String
        var level: LogLevel
        var message: String
    }

    private struct Window: Sendable {
        var startMilliseconds: UInt64
        var written: Int
        var suppressed: Int
        /// The last record counted instead of written, the template of the summary line.
        var lastSuppressed: LogRecord?
    }

    private struct State: Sendable {
        var windows: [Key: Window] = [:]
        var lastSweepMilliseconds: UInt64 = 0
    }

    /// The metadata key that carries the number of repeats counted instead of written.
    public static let suppressedKey = "log.suppressed"
    /// The message of the line that reports repeats when no further repeat came.
    public static let summaryMessage = "repeated log lines suppressed"

    private let base: any LogSink
    private let policy: LogRateLimit
    private let clock: @Sendable () -> UInt64
    private let state = Locked(State())
    private let timer = Locked<SweepTimer?>(nil)

    /// The timer of ``startPeriodicSweep()``. Dispatch sources are thread-safe, but not marked `Sendable`.
    private struct SweepTimer: @unchecked Sendable {
        let source: any DispatchSourceTimer
    }

    /// - Parameter clock: monotonic milliseconds; tests pass their own to step time without sleeping.
    public init(
        base: any LogSink, policy: LogRateLimit,
        clock: @escaping @Sendable () -> UInt64 = { DispatchTime.now().uptimeNanoseconds / 1_000_000 }
    ) {
        self.base = base
        self.policy = policy
        self.clock = clock
    }

    deinit {
        timer.withLock { $0?.source.cancel() }
    }

    /// Writes the summaries of ended windows once per interval from a timer, so that a count arrives within about
    /// two intervals even when no later record comes. Long-running commands start it; without it, counts wait for
    /// the next record at the limited levels or for ``flush()``.
    public func startPeriodicSweep() {
        guard policy.isEnabled else { return }
        let interval = DispatchTimeInterval.milliseconds(policy.intervalMilliseconds)
        let source = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "ehbridge.log-rate-limit"))
        source.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(policy.intervalMilliseconds / 10))
        source.setEventHandler { [weak self] in
            guard let self else { return }
            let now = self.clock()
            let summaries = self.state.withLock { self.sweep(&$0, now: now, force: false) }
            for summary in summaries { self.base.write(summary) }
        }
        source.resume()
        timer.withLock { previous in
            previous?.source.cancel()
            previous = SweepTimer(source: source)
        }
    }

    public func write(_ record: LogRecord) {
        guard policy.isEnabled, record.level >= policy.minimumLevel else {
            base.write(record)
            return
        }
        let now = clock()
        let key = Key(label: record.label, level: record.level, message: record.message)
        let interval = UInt64(policy.intervalMilliseconds)

        let (output, summaries): (LogRecord?, [LogRecord]) = state.withLock { state in
            var output: LogRecord? = record
            if var window = state.windows[key], now < window.startMilliseconds + interval {
                if window.written < policy.burst {
                    window.written += 1
                } else {
                    window.suppressed += 1
                    window.lastSuppressed = record
                    output = nil
                }
                state.windows[key] = window
            } else {
                let previous = state.windows[key]?.suppressed ?? 0
                if previous > 0 {
                    output?.metadata[Self.suppressedKey] = .int(previous)
                }
                state.windows[key] = Window(startMilliseconds: now, written: 1, suppressed: 0)
            }
            return (output, sweep(&state, now: now, force: false))
        }

        for summary in summaries { base.write(summary) }
        if let output { base.write(output) }
    }

    /// Writes a summary line for every count still pending, whether or not its window has ended.
    public func flush() {
        let now = clock()
        let summaries = state.withLock { sweep(&$0, now: now, force: true) }
        for summary in summaries { base.write(summary) }
    }

    /// Removes ended windows and returns a summary record for each that counted suppressed repeats. Runs at
    /// most once per interval unless `force` is set, so that a busy logger does not scan on every line.
    private func sweep(_ state: inout State, now: UInt64, force: Bool) -> [LogRecord] {
        let interval = UInt64(policy.intervalMilliseconds)
        guard force || now >= state.lastSweepMilliseconds + interval else { return [] }
        state.lastSweepMilliseconds = now

        var summaries: [LogRecord] = []
        for (key, window) in state.windows where force || now >= window.startMilliseconds + interval {
            if window.suppressed > 0, var summary = window.lastSuppressed {
                summary.message = Self.summaryMessage
                summary.metadata["log.suppressed_message"] = .string(key.message)
                summary.metadata[Self.suppressedKey] = .int(window.suppressed)
                summary.metadata["log.interval_ms"] = .int(policy.intervalMilliseconds)
                summaries.append(summary)
            }
            state.windows.removeValue(forKey: key)
        }
        return summaries
    }
}
