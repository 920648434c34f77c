import Core
import Dispatch
import Kafka
import SLS

/// One sealed batch on its way to the Logstore.
struct DeliveryJob: Sendable {
    var batch: Batch
    var lane: PartitionLane
    var request: PutLogsRequest
    /// Attempts made so far, the current one included once it is sent.
    var attempts: Int
}

/// What the delivery stage decided about a job; the pipeline acts on it.
enum DeliveryDecision: Sendable {
    /// The Logstore accepted the request.
    case accepted(PutLogsReceipt)
    /// SLS refused the body as too large: split the batch, or dead-letter a single entry.
    case tooLarge(SLSServiceError)
    /// SLS refused the data for good (a 4xx that retrying cannot fix): dead-letter the records.
    case rejected(SLSServiceError)
}

/// Sends PutLogs requests with a bounded number in flight and retries what may heal, classified by
/// ``SLSErrorClass``: network errors, 5xx, 429 and quota errors back off and retry without limit; errors
/// that need an operator retry slowly and are logged loudly; the rest is handed back as a decision.
final class DeliveryStage: Sendable {
    private struct State {
        var queue: [DeliveryJob] = []
        var inFlight = 0
        /// Jobs sent, waiting for a retry timer, or queued.
        var outstanding = 0
        var stopped = false
    }

    private let backend: any LogstoreBackend
    private let maxConcurrentRequests: Int
    private let retryPolicy: RetryPolicy
    private let logger: Logger
    private let onDecision: @Sendable (DeliveryJob, DeliveryDecision) -> Void
    private let state = Locked(State())
    private let counters = Locked(DeliveryCounters())

    init(
        backend: any LogstoreBackend, maxConcurrentRequests: Int, retryPolicy: RetryPolicy, logger: Logger,
        onDecision: @escaping @Sendable (DeliveryJob, DeliveryDecision) -> Void
    ) {
        self.backend = backend
        self.maxConcurrentRequests = maxConcurrentRequests
        self.retryPolicy = retryPolicy
        self.logger = logger
        self.onDecision = onDecision
    }

    func submit(_ job: DeliveryJob) {
        state.withLock { state in
            state.queue.append(job)
            state.outstanding += 1
        }
        pump()
    }

    /// Jobs not yet decided: queued, in flight or waiting to retry.
    var outstanding: Int { state.withLock { $0.outstanding } }

    var snapshot: DeliveryCounters { counters.withLock { $0 } }

    /// Stops sending new requests; jobs already queued stay undecided, so their offsets are never stored.
    func stop() {
        state.withLock { $0.stopped = true }
    }

    private func pump() {
        while true {
            let next: DeliveryJob? = state.withLock { state in
                guard !state.stopped, state.inFlight < maxConcurrentRequests, !state.queue.isEmpty else { return nil }
                state.inFlight += 1
                return state.queue.removeFirst()
            }
            guard var job = next else { return }
            job.attempts += 1
            let sent = job
            counters.withLock { $0.requests += 1 }
            backend.putLogs(sent.request) { [self] result in
                state.withLock { $0.inFlight -= 1 }
                handle(result, for: sent)
                pump()
            }
        }
    }

    private func handle(_ result: PutLogsResult, for job: DeliveryJob) {
        switch result {
        case .accepted(let receipt):
            finish(job, .accepted(receipt))
        case .failed(.transport(let error)):
            counters.withLock { $0.transportErrors += 1 }
            retry(job, reason: "\(error)", code: "transport", needsOperator: false)
        case .failed(.service(let error, _)):
            counters.withLock { $0.serviceErrors[error.code, default: 0] += 1 }
            switch SLSErrorClass.classify(httpStatus: error.httpStatus, code: error.code) {
            case .retryable, .quotaExceeded, .clockSkew:
                retry(job, reason: error.message, code: error.code, needsOperator: false)
            case .needsOperator:
                logger.error("Logstore write needs an operator; retrying slowly", metadata: [
                    "sls.error_code": .string(error.code), "sls.request_id": .string(error.requestID ?? ""),
                    "sls.project": .string(job.request.project), "sls.logstore": .string(job.request.logstore),
                    "error": .string(error.message),
                ])
                retry(job, reason: error.message, code: error.code, needsOperator: true)
            case .bodyTooLarge:
                finish(job, .tooLarge(error))
            case .rejected:
                finish(job, .rejected(error))
            }
        }
    }

    private func retry(_ job: DeliveryJob, reason: String, code: String, needsOperator: Bool) {
        let delay = retryPolicy.delayMilliseconds(afterAttempts: job.attempts, needsOperator: needsOperator)
        counters.withLock { $0.retries += 1 }
        logger.warning("PutLogs attempt failed; retrying", metadata: [
            "sls.error_code": .string(code), "error": .string(reason), "bridge.attempts": .int(job.attempts),
            "bridge.retry_in_ms": .int(delay), "kafka.topic": .string(job.batch.partition.topic),
            "kafka.partition": .int(job.batch.partition.partition),
        ])
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(delay)) { [self] in
            state.withLock { $0.queue.insert(job, at: 0) }
            pump()
        }
    }

    private func finish(_ job: DeliveryJob, _ decision: DeliveryDecision) {
        onDecision(job, decision)
        state.withLock { $0.outstanding -= 1 }
    }
}

/// Counts of the delivery stage, for the reconciliation summary and metrics.
public struct DeliveryCounters: Sendable, Equatable {
    /// PutLogs requests sent, retries included.
    public var requests = 0
    public var retries = 0
    public var transportErrors = 0
    /// Failed answers by SLS error code.
    public var serviceErrors: [String: Int] = [:]
}
