import CCurl
import Core
import Foundation

/// Sends HTTP requests through one libcurl multi handle driven by a dedicated thread.
///
/// Up to `maxConcurrentRequests` transfers run at once, over at most `maxConnections` connections in total and per
/// host, which libcurl keeps open and reuses between requests to the same host. Further requests wait in a queue,
/// so that none waits inside libcurl, where the wait would count against its timeout. Completions run on the
/// sender thread and must return quickly, because no other transfer progresses while one runs.
final class CurlMultiTransport: Sendable {
    private let maxConcurrentRequests: Int
    private let logger: Logger
    private let queue = Locked(SubmissionQueue())
    private let multi: MultiHandle
    private let threadExited = DispatchSemaphore(value: 0)
    private let senderThreadID = Locked<ObjectIdentifier?>(nil)

    /// Creates the multi handle and starts the sender thread. `maxConcurrentRequests` must not exceed
    /// `maxConnections`, because HTTP/1.1 without pipelining needs one connection per transfer.
    init(maxConcurrentRequests: Int, maxConnections: Int, threadName: String, logger: Logger) {
        CurlGlobal.ensureInitialized()
        precondition(maxConcurrentRequests <= maxConnections, "more concurrent requests than connections")
        self.maxConcurrentRequests = maxConcurrentRequests
        self.logger = logger
        multi = MultiHandle(maxConnections: maxConnections)

        let thread = Thread { [self] in
            senderThreadID.withLock { $0 = ObjectIdentifier(Thread.current) }
            runLoop()
            threadExited.signal()
        }
        thread.name = threadName
        thread.start()
    }

    /// Queues a request. `completion` runs exactly once, on the sender thread, or on the calling thread when the
    /// transport is already shut down.
    func submit(_ request: TransportRequest,
                completion: @escaping @Sendable (Result<TransportResponse, TransportError>) -> Void) {
        let accepted = queue.withLock { queue in
            guard !queue.shuttingDown else { return false }
            queue.waiting.append(PendingTransfer(request: request, completion: completion))
            // Under the lock: the sender thread frees the multi handle under it too, once shut down.
            multi.wakeUp()
            return true
        }
        guard accepted else {
            completion(.failure(.shutDown))
            return
        }
    }

    /// Stops the sender thread and fails every queued or running request with a cancelled ``TransportError``.
    /// Blocks until the thread has exited, unless called from a completion on that thread. Calling it again
    /// does nothing.
    func shutdown() {
        let first = queue.withLock { queue in
            guard !queue.shuttingDown else { return false }
            queue.shuttingDown = true
            multi.wakeUp()
            return true
        }
        guard first else { return }

        let onSenderThread = senderThreadID.withLock { $0 == ObjectIdentifier(Thread.current) }
        if !onSenderThread {
            threadExited.wait()
        }
    }

    // MARK: - Sender thread

    private func runLoop() {
        var running: [UnsafeMutableRawPointer: CurlTransfer] = [:]
        var idleHandles: [UnsafeMutableRawPointer] = []

        while true {
            let admitted = queue.withLock { queue -> [PendingTransfer]? in
                guard !queue.shuttingDown else { return nil }
                let room = max(0, maxConcurrentRequests - running.count)
                let taken = Array(queue.waiting.prefix(room))
                queue.waiting.removeFirst(taken.count)
                return taken
            }
            guard let admitted else { break }
            for pending in admitted {
                start(pending, running: &running, idleHandles: &idleHandles)
            }

            multi.perform()
            let completed = collectCompleted(running: &running, idleHandles: &idleHandles)
            let hasWaiting = queue.withLock { !$0.waiting.isEmpty }
            if completed > 0 && hasWaiting {
                continue
            }
            multi.poll(timeoutMilliseconds: 1000)
        }

        cancelEverything(running: &running, idleHandles: &idleHandles)
    }

    private func start(_ pending: PendingTransfer, running: inout [UnsafeMutableRawPointer: CurlTransfer],
                       idleHandles: inout [UnsafeMutableRawPointer]) {
        guard let easy = idleHandles.popLast() ?? curl_easy_init() else {
            pending.completion(.failure(TransportError(kind: .other, curlCode: nil,
                                                       curlMessage: "libcurl could not create an easy handle")))
            return
        }
        let transfer = CurlTransfer(request: pending.request, completion: pending.completion)
        if let failure = transfer.configure(easy) {
            curl_easy_reset(easy)
            idleHandles.append(easy)
            transfer.completion(.failure(failure))
            return
        }
        let added = multi.add(easy)
        guard added == CURLM_OK else {
            curl_easy_reset(easy)
            idleHandles.append(easy)
            let message = String(cString: curl_multi_strerror(added))
            transfer.completion(.failure(TransportError(kind: .other, curlCode: Int(added.rawValue), curlMessage: message)))
            return
        }
        running[easy] = transfer
    }

    /// Finishes every transfer libcurl reports done and returns how many there were.
    private func collectCompleted(running: inout [UnsafeMutableRawPointer: CurlTransfer],
                                  idleHandles: inout [UnsafeMutableRawPointer]) -> Int {
        var count = 0
        while let (easy, code) = multi.nextDone() {
            guard let transfer = running.removeValue(forKey: easy) else { continue }
            let outcome = transfer.outcome(of: easy, code: code)
            multi.remove(easy)
            curl_easy_reset(easy)
            idleHandles.append(easy)
            transfer.completion(outcome)
            count += 1
        }
        return count
    }

    private func cancelEverything(running: inout [UnsafeMutableRawPointer: CurlTransfer],
                                  idleHandles: inout [UnsafeMutableRawPointer]) {
        let cancelledCount = running.count
        for (easy, transfer) in running {
            multi.remove(easy)
            curl_easy_cleanup(easy)
            transfer.completion(.failure(.shutDown))
        }
        running.removeAll()
        for easy in idleHandles {
            curl_easy_cleanup(easy)
        }
        idleHandles.removeAll()

        let waiting = queue.withLock { queue in
            defer { queue.waiting.removeAll() }
            return queue.waiting
        }
        for pending in waiting {
            pending.completion(.failure(.shutDown))
        }
        // Under the queue lock, so that no wakeUp() of submit() or shutdown() runs on the freed handle.
        queue.withLock { _ in multi.cleanup() }
        if cancelledCount + waiting.count > 0 {
            logger.info("SLS transport cancelled requests at shutdown", metadata: [
                "sls.cancelled_running": .int(cancelledCount), "sls.cancelled_queued": .int(waiting.count),
            ])
        }
    }
}

private struct PendingTransfer: Sendable {
    var request: TransportRequest
    var completion: @Sendable (Result<TransportResponse, TransportError>) -> Void
}

private struct SubmissionQueue: Sendable {
    var waiting: [PendingTransfer] = []
    var shuttingDown = false
}
