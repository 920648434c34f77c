import Foundation

/// Tracks the calls running on a librdkafka handle so that closing never destroys it under a running call.
///
/// A client is open, then closing (its handle still valid: offsets may still be stored and committed, which
/// a revoke handler does during close, but `poll` is rejected), then closed. Closing waits for running polls
/// to return; destroying waits for every other running call.
final class ClientLifecycle: @unchecked Sendable {
    // @unchecked: every stored property is read and written only while `condition` is locked.
    enum State {
        case open, closing, closed
    }

    private let condition = NSCondition()
    private var state = State.open
    private var runningCalls = 0
    private var runningPolls = 0
    private var pollingThread: pthread_t?

    /// Registers a call; returns false when the client is closed, or closing and `allowedWhileClosing` is false.
    func enter(allowedWhileClosing: Bool = true) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        switch state {
        case .open:
            break
        case .closing where allowedWhileClosing:
            break
        case .closing, .closed:
            return false
        }
        runningCalls += 1
        return true
    }

    func leave() {
        condition.lock()
        runningCalls -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Registers a poll; returns false unless the client is open.
    func enterPoll() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard state == .open else { return false }
        runningPolls += 1
        pollingThread = pthread_self()
        return true
    }

    func leavePoll() {
        condition.lock()
        runningPolls -= 1
        if runningPolls == 0 {
            pollingThread = nil
        }
        condition.broadcast()
        condition.unlock()
    }

    /// Moves from open to closing and waits until no poll is running.
    ///
    /// Returns false when another call already closes or closed the client. Calling this from inside a poll
    /// on the same thread (from a rebalance, error or statistics handler) is a programming error that would
    /// wait forever, so it stops the process with a message instead.
    func beginClosing() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard state == .open else { return false }

        if let pollingThread, pthread_equal(pollingThread, pthread_self()) != 0 {
            preconditionFailure("close() was called from a handler inside poll(); call it after poll() returns")
        }
        state = .closing
        while runningPolls > 0 {
            condition.wait()
        }
        return true
    }

    /// Moves from closing to closed and waits until no call is running, after which the handle may be destroyed.
    func finishClosing() {
        condition.lock()
        defer { condition.unlock() }
        state = .closed
        while runningCalls > 0 {
            condition.wait()
        }
    }

    var isClosed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return state == .closed
    }
}
