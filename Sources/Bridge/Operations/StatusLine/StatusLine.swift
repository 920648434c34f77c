import Core
import Dispatch

/// A one-line summary of the running bridge on an interactive terminal, redrawn in place every interval.
///
/// The line goes to standard output through `write`, never to the log. Create one only when standard
/// output is a terminal. Log lines written through ``StatusLineLogSink`` clear it first and redraw it after,
/// so the two do not mix on one line.
public final class StatusLine: Sendable {
    /// Moves to the start of the line and erases it (carriage return, then ANSI "erase line").
    static let clearSequence = "\r\u{1B}[2K"

    private struct State: Sendable {
        var text = ""
        var previous: BridgeStatus?
        var previousNanoseconds: UInt64 = 0
        var timer: TimerHandle?
    }

    /// A dispatch timer, whose methods may be called from any thread.
    private struct TimerHandle: @unchecked Sendable {
        let timer: any DispatchSourceTimer
    }

    private let write: @Sendable (String) -> Void
    private let intervalMilliseconds: Int
    private let state = Locked(State())
    private let queue = DispatchQueue(label: "ehbridge.status-line")

    /// - Parameters:
    ///   - write: writes text to the terminal without adding a newline.
    ///   - intervalMilliseconds: the time between two redraws.
    public init(intervalMilliseconds: Int = 1_000, write: @escaping @Sendable (String) -> Void) {
        self.intervalMilliseconds = intervalMilliseconds
        self.write = write
    }

    /// Starts redrawing the line from the totals of `operations`.
    public func start(reading operations: BridgeOperations) {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .milliseconds(intervalMilliseconds), repeating: .milliseconds(intervalMilliseconds))
        timer.setEventHandler { [self] in
            refresh(with: operations.status(), nowNanoseconds: DispatchTime.now().uptimeNanoseconds)
        }
        state.withLock { $0.timer = TimerHandle(timer: timer) }
        timer.resume()
    }

    /// Stops redrawing and erases the line.
    public func stop() {
        let handle = state.withLock { state -> TimerHandle? in
            defer { state.timer = nil }
            return state.timer
        }
        handle?.timer.cancel()
        queue.sync {}
        state.withLock { state in
            if !state.text.isEmpty { write(Self.clearSequence) }
            state.text = ""
        }
    }

    /// Runs `body` with the line erased, then draws it again; for text that must appear on lines of its own.
    public func interrupt(_ body: () -> Void) {
        state.withLock { state in
            if !state.text.isEmpty { write(Self.clearSequence) }
            body()
            if !state.text.isEmpty { write(state.text) }
        }
    }

    /// Draws the line for `status`, with rates since the previous call.
    func refresh(with status: BridgeStatus, nowNanoseconds: UInt64) {
        state.withLock { state in
            let seconds = state.previous == nil
                ? Double(intervalMilliseconds) / 1000
                : Double(nowNanoseconds - min(state.previousNanoseconds, nowNanoseconds)) / 1_000_000_000
            state.text = StatusLineFormatter.line(previous: state.previous, current: status, seconds: seconds)
            state.previous = status
            state.previousNanoseconds = nowNanoseconds
            write(Self.clearSequence + state.text)
        }
    }
}

/// Writes log records through another sink while the status line is erased, so that a log line never lands
/// behind the status text.
public struct StatusLineLogSink: LogSink {
    public let base: any LogSink
    public let statusLine: StatusLine

    public init(base: any LogSink, statusLine: StatusLine) {
        self.base = base
        self.statusLine = statusLine
    }

    public func write(_ record: LogRecord) {
        statusLine.interrupt { base.write(record) }
    }
}
