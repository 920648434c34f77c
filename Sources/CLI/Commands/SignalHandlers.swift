import Core
import Dispatch
import Foundation

/// SIGINT, SIGTERM and SIGHUP handling for long-running commands: the first signal starts a clean stop, the
/// second ends the process with status 130 after `beforeExit`, without running exit-time clean-up. SIGUSR1 prints
/// a status report without stopping.
final class SignalHandlers {
    private let sources: [any DispatchSourceSignal]

    private init(sources: [any DispatchSourceSignal]) {
        self.sources = sources
    }

    /// Installs the handlers. When the first signal arrives, `beforeFirstMessage` runs (to erase a status line,
    /// say), `firstSignalMessage` goes to standard error, and then `onFirstSignal` runs.
    static func install(
        output: any TextOutput = FileDescriptorOutput.standardError,
        firstSignalMessage: String = "stopping: draining in-flight batches (send the signal again to exit at once)",
        beforeFirstMessage: (@Sendable () -> Void)? = nil,
        onStatusRequest: (@Sendable () -> Void)? = nil, beforeExit: (@Sendable () -> Void)? = nil,
        onFirstSignal: @escaping @Sendable () -> Void
    ) -> SignalHandlers {
        let queue = DispatchQueue(label: "ehbridge.signals")
        let received = Locked(0)
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                let count = received.withLock { value -> Int in
                    value += 1
                    return value
                }
                if count == 1 {
                    beforeFirstMessage?()
                    output.line(firstSignalMessage)
                    onFirstSignal()
                } else {
                    output.line("second signal: exiting without draining")
                    beforeExit?()
                    // _exit, not exit, because exit runs atexit handlers and library destructors (OpenSSL registers
                    // its clean-up with atexit) while lane and delivery threads still use those libraries. On a
                    // loaded machine that crashed about 1 exit in 20 instead of returning 130.
                    fflush(nil)
                    _exit(ExitCode.interrupted.rawValue)
                }
            }
            source.resume()
            sources.append(source)
        }
        // Ignored even without a status report: its default action would end the process without a drain.
        signal(SIGUSR1, SIG_IGN)
        if let onStatusRequest {
            let source = DispatchSource.makeSignalSource(signal: SIGUSR1, queue: queue)
            source.setEventHandler(handler: onStatusRequest)
            source.resume()
            sources.append(source)
        }
        return SignalHandlers(sources: sources)
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
