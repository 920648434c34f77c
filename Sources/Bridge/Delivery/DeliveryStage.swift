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
    /// Immediate retries after clock-skew errors. They are bounded, so a persistent skew falls back to backoff.
    var skewRetries = 0
    /// The meter values of the batch, computed from its entries before they were released; nil without a meter.
    var meterValues: BatchMeterValues? = nil
}

/// An error that retrying cannot fix without an operator, as the Logstore last reported it.
public struct OperatorAlert: Sendable, Equatable {
    public var code: String
    public var message: String
    public var httpStatus: Int

    /// The setting or permission to check for this code.
    public var fix: String {
        switch code {
        case "Unauthorized", "InvalidAccessKeyId", "MissAccessKeyId":
            "Check destination.access_key_id and access_key_secret (or the STS token): the key is unknown, disabled or expired."
        case "SignatureNotMatch":
            "Check destination.access_key_secret: the signature does not match the AccessKey ID."
        case "ProjectNotExist":
            "Check destination.project and destination.endpoint: the project does not exist in that region."
        case "LogStoreNotExist":
            "Check destination.logstore: create the Logstore or correct its name."
        case "ProjectForbidden":
            "Grant the RAM user or role write permission (log:PostLogStoreLogs) on the project."
        default:
            "Check the destination settings and the permissions of the AccessKey."
        }
    }
}

/// The outcome of a job that the delivery stage cannot retry itself; the pipeline acts on it.
enum DeliveryDecision: Sendable {
    /// The Logstore accepted the request.
    case accepted(PutLogsReceipt)
    /// SLS refused the body as too large: split the batch, or dead-letter a single entry.
    case tooLarge(SLSServiceError)
    /// SLS refused the data for good (a 4xx that retrying cannot fix): dead-letter the records.
    case rejected(SLSServiceError)
}

/// Sends PutLogs requests with a bounded number in flight and retries what may heal, classified by
/// ``SLSErrorClass``. Network errors, 5xx, 429 and quota errors back off and retry without limit. Errors that
/// need an operator retry slowly and are logged loudly. The rest is handed back as a decision.
final class DeliveryStage: Sendable {
    private struct State {
        var queue: [DeliveryJob] = []
        var inFlight = 0
        /// Jobs sent, waiting for a retry timer, or queued.
        var outstanding = 0
        var stopped = false
        /// True while a timer will call `pump` after a limiter deferral.
        var wakeUpScheduled = false
        /// Jobs waiting for their retry timer, by a token that the timer carries. ``retryWaitingNow()`` takes
        /// them out early, and a timer whose token is gone does nothing.
        var waitingRetries: [UInt64: DeliveryJob] = [:]
        var nextRetryToken: UInt64 = 0
        /// Set by ``beginDrain()``: retries wait at most ``drainRetryCapMilliseconds`` from then on.
        var draining = false
        /// For each shard hash key, the batch that owns it from its first send until it is decided, retries
        /// included, so that batches of one key reach their shard one after another, in order.
        var keyOwners: [String: UInt64] = [:]

        /// Returns whether `job` may be sent now: it has no hash key, or no other batch owns its key.
        func mayStart(_ job: DeliveryJob) -> Bool {
            guard let key = job.request.hashKey, let owner = keyOwners[key] else { return true }
            return owner == job.batch.id
        }
    }

    private let backend: any LogstoreBackend
    private let maxConcurrentRequests: Int
    private let retryPolicy: RetryPolicy
    private let logger: Logger
    private let onDecision: @Sendable (DeliveryJob, DeliveryDecision) -> Void
    private let state = Locked(State())
    private let counters = Locked(DeliveryCounters())
    private let alert = Locked<OperatorAlert?>(nil)
    /// Monotonic milliseconds of the last quota hint, so the hint is logged at most once a minute.
    private let lastQuotaHint = Locked<UInt64>(0)

    /// Corrects the signing clock from a server time in seconds; nil when the backend has no clock.
    private let onClockSkew: (@Sendable (Int64) -> Void)?
    /// Adapts the requests in flight per project and Logstore to quota errors, and caps bytes per second.
    private let limiter: ConcurrencyLimiter?

    init(
        backend: any LogstoreBackend, maxConcurrentRequests: Int, retryPolicy: RetryPolicy, logger: Logger,
        limiter: ConcurrencyLimiter? = nil, onClockSkew: (@Sendable (Int64) -> Void)? = nil,
        onDecision: @escaping @Sendable (DeliveryJob, DeliveryDecision) -> Void
    ) {
        self.limiter = limiter
        self.onClockSkew = onClockSkew
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

    /// The active error that needs an operator (credentials, permissions, a missing project or Logstore),
    /// set when the Logstore returns one and cleared by the next accepted request.
    var operatorAlert: OperatorAlert? { alert.withLock { $0 } }

    /// Stops sending new requests; jobs already queued stay undecided, so their offsets are never stored.
    func stop() {
        state.withLock { $0.stopped = true }
    }

    /// Drops the queued jobs of revoked lanes and returns how many. Their records were not acknowledged, so the
    /// partition's next owner reads and sends them again; sending them here too would only store them twice.
    /// Requests in flight finish as usual, and a retry of a revoked lane's job is dropped when it comes due.
    @discardableResult
    func dropRevoked() -> Int {
        let dropped = state.withLock { state -> [DeliveryJob] in
            var dropped: [DeliveryJob] = []
            state.queue.removeAll { job in
                guard job.lane.isRevoked else { return false }
                dropped.append(job)
                return true
            }
            for job in dropped {
                if let key = job.request.hashKey, state.keyOwners[key] == job.batch.id { state.keyOwners[key] = nil }
            }
            state.outstanding -= dropped.count
            return dropped
        }
        for job in dropped {
            job.lane.releaseInFlight(of: job.batch)
        }
        if !dropped.isEmpty {
            // After a stop the next owner is usually this bridge's next start.
            let isStopped = state.withLock { $0.stopped }
            let message = isStopped
                ? "batches dropped unsent at the stop; their records are read again at the next start"
                : "batches of revoked partitions dropped before sending; the next owner sends their records"
            logger.info(message, metadata: ["bridge.batches": .int(dropped.count)])
            pump()
        }
        return dropped.count
    }

    private func pump() {
        while true {
            let next: DeliveryJob? = state.withLock { state in
                guard !state.stopped, state.inFlight < maxConcurrentRequests,
                      let index = state.queue.firstIndex(where: { state.mayStart($0) }) else { return nil }
                state.inFlight += 1
                let job = state.queue.remove(at: index)
                if let key = job.request.hashKey { state.keyOwners[key] = job.batch.id }
                return job
            }
            guard var job = next else { return }

            var permit: ConcurrencyPermit?
            if let limiter {
                switch limiter.requestPermit(project: job.request.project, logstore: job.request.logstore,
                                             bytes: job.request.body.count) {
                case .granted(let granted):
                    permit = granted
                case .deferred(let deferral):
                    // Put the job back at the head and ask again after a release or after the given time.
                    let idle = state.withLock { state -> Bool in
                        state.inFlight -= 1
                        state.queue.insert(job, at: 0)
                        // A batch never sent gives its key back, while a retried one keeps it.
                        if job.attempts == 0, let key = job.request.hashKey { state.keyOwners[key] = nil }
                        return state.inFlight == 0
                    }
                    scheduleWakeUp(afterMilliseconds: deferral.retryAfterMilliseconds ?? (idle ? 100 : nil))
                    return
                }
            }

            job.attempts += 1
            let sent = job
            let heldPermit = permit
            counters.withLock { $0.requests += 1 }
            backend.putLogs(sent.request) { [self] result in
                if let heldPermit { limiter?.release(heldPermit, outcome: SendOutcome(result)) }
                state.withLock { $0.inFlight -= 1 }
                handle(result, for: sent)
                pump()
            }
        }
    }

    /// Calls `pump` once after `milliseconds`; nil means a completion will call it.
    private func scheduleWakeUp(afterMilliseconds milliseconds: Int?) {
        guard let milliseconds else { return }
        let schedule = state.withLock { state -> Bool in
            guard !state.wakeUpScheduled else { return false }
            state.wakeUpScheduled = true
            return true
        }
        guard schedule else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(max(1, milliseconds))) { [self] in
            state.withLock { $0.wakeUpScheduled = false }
            pump()
        }
    }

    private func handle(_ result: PutLogsResult, for job: DeliveryJob) {
        switch result {
        case .accepted(let receipt):
            if let cleared = alert.withLock({ current -> OperatorAlert? in
                defer { current = nil }
                return current
            }) {
                logger.notice("Logstore accepts writes again", metadata: [
                    "sls.error_code": .string(cleared.code), "sls.project": .string(job.request.project),
                    "sls.logstore": .string(job.request.logstore),
                ])
                // Retries scheduled while the error lasted would otherwise keep their delay of up to a minute.
                let retried = retryWaitingNow()
                if retried > 0 {
                    logger.info("waiting retries sent now", metadata: ["bridge.batches": .int(retried)])
                }
            }
            finish(job, .accepted(receipt))
        case .failed(.transport(let error)):
            counters.withLock { $0.transportErrors += 1 }
            // The same code as the errors metric's label, so that a log search finds what the metric counts.
            retry(job, reason: "\(error)", code: "transport_\(error.kind.rawValue)", needsOperator: false)
        case .failed(.service(let error, let serverTime)):
            counters.withLock { $0.serviceErrors[error.code, default: 0] += 1 }
            switch error.errorClass {
            case .retryable:
                retry(job, reason: error.message, code: error.code, needsOperator: false)
            case .quotaExceeded:
                logQuotaHint(error, job: job)
                retry(job, reason: error.message, code: error.code, needsOperator: false)
            case .clockSkew:
                // The first skew errors of a job correct the clock and retry at once. If they repeat (no
                // usable server time), the job backs off like any other failure.
                if let serverTime, let correct = onClockSkew {
                    correct(serverTime)
                    logger.warning("request time rejected by SLS; clock offset corrected from the server time", metadata: [
                        "sls.error_code": .string(error.code), "sls.server_time": .integer(serverTime),
                    ])
                }
                retry(job, reason: error.message, code: error.code, needsOperator: false, immediately: job.skewRetries < 2)
            case .needsOperator:
                let raised = OperatorAlert(code: error.code, message: error.message, httpStatus: error.httpStatus)
                alert.withLock { $0 = raised }
                logger.error("Logstore write needs an operator; consumption is paused and the write is retried slowly", metadata: [
                    "sls.error_code": .string(error.code), "sls.request_id": .string(error.requestID ?? ""),
                    "sls.project": .string(job.request.project), "sls.logstore": .string(job.request.logstore),
                    "error": .string(error.message), "fix": .string(raised.fix),
                ])
                retry(job, reason: error.message, code: error.code, needsOperator: true)
            case .bodyTooLarge:
                finish(job, .tooLarge(error))
            case .rejected:
                finish(job, .rejected(error))
            }
        }
    }

    private func retry(
        _ job: DeliveryJob, reason: String, code: String, needsOperator: Bool, immediately: Bool = false
    ) {
        var job = job
        if immediately { job.skewRetries += 1 }
        let backoff = immediately ? 0 : retryPolicy.delayMilliseconds(afterAttempts: job.attempts, needsOperator: needsOperator)
        // One lock for the cap and the registration: beginDrain() either finds the job waiting or has set the cap.
        let (token, delay) = state.withLock { state -> (UInt64, Int) in
            state.nextRetryToken += 1
            state.waitingRetries[state.nextRetryToken] = job
            return (state.nextRetryToken, state.draining ? min(backoff, Self.drainRetryCapMilliseconds) : backoff)
        }
        counters.withLock { $0.retries += 1 }
        logger.warning("PutLogs attempt failed; retrying", metadata: [
            "sls.error_code": .string(code), "error": .string(reason), "bridge.attempts": .int(job.attempts),
            "bridge.retry_in_ms": .int(delay), "kafka.topic": .string(job.batch.partition.topic),
            "kafka.partition": .int(job.batch.partition.partition),
        ])
        // An accepted request may have cleared the alert after it was raised and before this job was registered,
        // and then found nothing to send early. Checking after the registration closes that gap.
        if needsOperator, alert.withLock({ $0 == nil }) {
            retryWaitingNow()
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(delay)) { [self] in
            let due = state.withLock { state -> DeliveryJob? in
                guard let waiting = state.waitingRetries.removeValue(forKey: token) else { return nil }
                state.queue.insert(waiting, at: 0)
                return waiting
            }
            guard let due else { return }
            if due.lane.isRevoked {
                dropRevoked()
            } else {
                pump()
            }
        }
    }

    /// The maximum wait before a retry once the drain at a stop began, in milliseconds, so that a Logstore that
    /// recovers during the drain gets the retries before its deadline.
    static let drainRetryCapMilliseconds = 1_000

    /// Sends the waiting retries now and caps the delay of later ones at ``drainRetryCapMilliseconds``. Called
    /// when the pipeline drains at a stop.
    func beginDrain() {
        state.withLock { $0.draining = true }
        retryWaitingNow()
    }

    /// Queues every job that waits for a retry timer now, ahead of the queued jobs, and sends them as far as the
    /// concurrency limit allows. Called when the Logstore accepts writes again after an error that needed an
    /// operator, whose retries wait up to a minute, and by ``beginDrain()``. Returns the number of jobs queued.
    @discardableResult
    func retryWaitingNow() -> Int {
        let waitingJobs = state.withLock { state -> [DeliveryJob] in
            let waitingJobs = state.waitingRetries.sorted { $0.key < $1.key }.map(\.value)
            state.waitingRetries.removeAll()
            state.queue.insert(contentsOf: waitingJobs, at: 0)
            return waitingJobs
        }
        guard !waitingJobs.isEmpty else { return 0 }
        if waitingJobs.contains(where: { $0.lane.isRevoked }) {
            dropRevoked()
        }
        pump()
        return waitingJobs.count
    }

    private func logQuotaHint(_ error: SLSServiceError, job: DeliveryJob) {
        let now = DispatchTime.now().uptimeNanoseconds / 1_000_000
        let due = lastQuotaHint.withLock { last -> Bool in
            guard last == 0 || now - last >= 60_000 else { return false }
            last = now
            return true
        }
        guard due else { return }
        let scope = error.code == "ShardWriteQuotaExceed" ? "the Logstore's shards" : "the project"
        logger.warning("SLS write quota exceeded; retrying with backoff", metadata: [
            "sls.error_code": .string(error.code), "sls.project": .string(job.request.project),
            "sls.logstore": .string(job.request.logstore),
            "fix": .string("Split the Logstore's shards or ask for a higher write quota for \(scope)."),
        ])
    }

    private func finish(_ job: DeliveryJob, _ decision: DeliveryDecision) {
        // NOTE: the parts of a batch split after a too-large response are queued behind later batches, so
        // batches of their hash key can overtake them.
        state.withLock { state in
            if let key = job.request.hashKey, state.keyOwners[key] == job.batch.id { state.keyOwners[key] = nil }
        }
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
