import Core
import Foundation

/// Stores ``MeterRecord`` rows in `meter_writes` and ``KafkaFetchSample`` rows in `meter_kafka_fetch` from a
/// dedicated writer thread with its own connection. Both kinds share one queue and its limits.
///
/// ``record(_:)`` appends to an in-memory queue and never touches the database, so the pipeline does not wait for
/// the disk. The writer
/// thread commits queued rows in transactions of up to ``Options/maxBatchRows`` rows. It commits once a batch is
/// full, once ``Options/commitIntervalMilliseconds`` have passed since it took up the first row, or at once when a
/// caller waits in ``flush()`` or ``close(timeoutMilliseconds:)``.
///
/// When a commit fails (a locked database, a full disk), the writer logs the error with its SQLite code, counts
/// it in ``Counters/failures`` and retries the same batch with exponential backoff, without limit, while new
/// rows keep queuing. Once ``Options/queueCapacity`` rows are queued, `record` rejects new fetch samples, and at
/// twice that number new rows of accepted requests too. It then returns false, counts the row in
/// ``Counters/rowsDropped`` and logs a warning at most once per 10 seconds.
///
/// Call ``close(timeoutMilliseconds:)`` before releasing the writer, because the thread keeps it alive.
public final class MeterWriter: Sendable {
    public struct Options: Sendable {
        /// The queued rows at which new fetch samples are rejected and counted as dropped. Rows of accepted
        /// requests are rejected at twice this number.
        public var queueCapacity: Int
        /// The maximum number of rows in one transaction.
        public var maxBatchRows: Int
        /// The maximum time in milliseconds that a queued row waits for more rows before the writer commits it.
        public var commitIntervalMilliseconds: Int
        /// The pause in milliseconds before retrying a failed commit. Each further failure doubles it.
        public var initialRetryDelayMilliseconds: Int
        /// The maximum pause in milliseconds between two commit attempts.
        public var maxRetryDelayMilliseconds: Int
        /// The writer's connection options. The default is `synchronous=NORMAL`, so a power failure may lose the
        /// last commits but does not corrupt the file.
        public var database: SQLiteDatabase.Options

        /// Creates options. The default queue of 100,000 rows is about 8 minutes of requests at 200 requests
        /// per second (an estimate for sizing, not a measurement).
        public init(
            queueCapacity: Int = 100_000,
            maxBatchRows: Int = 1_000,
            commitIntervalMilliseconds: Int = 200,
            initialRetryDelayMilliseconds: Int = 100,
            maxRetryDelayMilliseconds: Int = 5_000,
            database: SQLiteDatabase.Options = SQLiteDatabase.Options()
        ) {
            self.queueCapacity = queueCapacity
            self.maxBatchRows = maxBatchRows
            self.commitIntervalMilliseconds = commitIntervalMilliseconds
            self.initialRetryDelayMilliseconds = initialRetryDelayMilliseconds
            self.maxRetryDelayMilliseconds = maxRetryDelayMilliseconds
            self.database = database
        }
    }

    /// Totals since the writer started, for metrics.
    public struct Counters: Sendable, Equatable {
        /// Rows committed to the database.
        public var rowsWritten: Int
        /// Rows queued or in a transaction that has not committed yet.
        public var rowsPending: Int
        /// Failed commit attempts. A batch that fails three times before it commits counts 3.
        public var failures: Int
        /// Rows rejected by a full queue or a closed writer, and rows discarded when ``close(timeoutMilliseconds:)``
        /// timed out.
        public var rowsDropped: Int
    }

    /// The database file's path.
    public let path: String
    private let options: Options
    private let logger: Logger
    private let database: SQLiteDatabase
    private let state = MeterWriterState()

    /// Opens or creates the meter database at `path`, applies the meter migrations and starts the writer thread.
    ///
    /// - Throws: ``StorageError`` when the file cannot be opened, a migration fails, or the file was written by
    ///   a newer ehbridge.
    public init(path: String, options: Options = Options(), logger: Logger) throws(StorageError) {
        self.path = path
        self.options = options
        self.logger = logger

        do {
            database = try SQLiteDatabase(path: path, options: options.database, logger: logger)
        } catch {
            throw .sqlite(error)
        }
        do {
            try MeterSchema.migrations.apply(to: database, logger: logger)
        } catch {
            try? database.close()
            throw error
        }

        let thread = Thread { [self] in
            run()
        }
        thread.name = "ehbridge-meter-writer"
        thread.start()
        logger.info("meter writer started", metadata: ["storage.path": .string(path)])
    }

    // MARK: - Caller side

    /// Queues `record` for the writer thread and returns true, without touching the database.
    ///
    /// Returns false when the queue is full or the writer is closed. The row is then counted in
    /// ``Counters/rowsDropped`` and a warning is logged, at most once per 10 seconds.
    ///
    /// `whenDurable` is called on the writer thread once the row is committed, or at once when the row is dropped
    /// (a full queue, a closed writer, rows discarded at close). While commits keep failing, it waits with the
    /// row until they succeed or ``close(timeoutMilliseconds:)`` gives up.
    /// The pipeline stores a batch's Kafka offset only then, so that a crash cannot lose the row of a request
    /// whose records are acknowledged.
    @discardableResult
    public func record(_ record: MeterRecord, whenDurable: (@Sendable () -> Void)? = nil) -> Bool {
        let accepted = enqueue(.write(record, whenDurable: whenDurable))
        if !accepted {
            whenDurable?()
        }
        return accepted
    }

    /// Queues a Kafka fetch sample for `meter_kafka_fetch`, like ``record(_:)-(MeterRecord)``: it never touches
    /// the database and returns false when the queue is full or the writer is closed.
    @discardableResult
    public func record(_ sample: KafkaFetchSample) -> Bool {
        enqueue(.fetchSample(sample))
    }

    private func enqueue(_ row: MeterRow) -> Bool {
        // The rows of accepted requests may use twice the capacity: the pipeline stops reading at half of it
        // (see `queueCapacity`), and the batches it read before still need their rows.
        let limit: Int
        switch row {
        case .write: limit = 2 * options.queueCapacity
        case .fetchSample: limit = options.queueCapacity
        }
        state.condition.lock()
        let accepted = !state.isClosing && state.queuedCount < limit
        if accepted {
            state.append(row)
            state.condition.signal()
        } else {
            state.droppedCount += 1
        }
        let reason = state.isClosing ? "writer closed" : "queue full"
        // Only a rejected row is reported: after the first drop, accepted rows would log the total every 10 s.
        let droppedTotal = !accepted && dropLogDue() ? state.droppedCount : nil
        state.condition.unlock()

        if let droppedTotal {
            logger.warning("meter row dropped", metadata: [
                "storage.path": .string(path), "meter.reason": .string(reason), "meter.rows_dropped": .int(droppedTotal),
                "meter.queue_capacity": .int(options.queueCapacity), "meter.row_limit": .int(limit),
            ])
        }
        return accepted
    }

    /// Returns whether a drop should be logged now, and notes the time if so. Call it with the lock held.
    private func dropLogDue() -> Bool {
        guard state.droppedCount > 0 else { return false }

        let now = ContinuousClock.now
        if let last = state.lastDropLogTime, now - last < .seconds(10) {
            return false
        }
        state.lastDropLogTime = now
        return true
    }

    /// Waits until every row queued before this call is committed.
    ///
    /// While the database keeps failing, this waits until it recovers. Use ``flush(timeoutMilliseconds:)`` to
    /// bound the wait.
    public func flush() {
        flush(timeoutMilliseconds: nil)
    }

    /// Waits until every row queued before this call is committed, or until `timeoutMilliseconds` have passed.
    /// Returns true when all those rows are committed, and false on timeout or when the writer has stopped.
    @discardableResult
    public func flush(timeoutMilliseconds: Int?) -> Bool {
        let deadline = timeoutMilliseconds.map { Date(timeIntervalSinceNow: Double($0) / 1000) }

        state.condition.lock()
        defer { state.condition.unlock() }

        let target = state.acceptedCount
        state.flushWaiterCount += 1
        state.condition.broadcast()
        defer { state.flushWaiterCount -= 1 }

        while state.committedCount < target, !state.isStopped {
            if let deadline {
                guard state.condition.wait(until: deadline) else { break }
            } else {
                state.condition.wait()
            }
        }
        return state.committedCount >= target
    }

    /// Stops accepting rows, commits the queued ones and stops the writer thread, then closes the connection.
    ///
    /// With a timeout, rows still uncommitted when it expires are discarded, counted in ``Counters/rowsDropped``
    /// and logged as an error. Returns true when every row was committed. Calling it again only waits for the
    /// thread to stop.
    @discardableResult
    public func close(timeoutMilliseconds: Int? = nil) -> Bool {
        state.condition.lock()
        state.isClosing = true
        state.condition.broadcast()
        state.condition.unlock()

        let flushed = flush(timeoutMilliseconds: timeoutMilliseconds)

        state.condition.lock()
        if !flushed {
            state.isAbandoned = true
            state.condition.broadcast()
        }
        while !state.isStopped {
            state.condition.wait()
        }
        let counters = currentCounters()
        // The transaction under way when the timeout expired may still have committed every row.
        let committedAll = flushed || state.committedCount >= state.acceptedCount
        state.condition.unlock()

        do {
            try database.close()
        } catch {
            logger.error("meter database close failed", metadata: [
                "storage.path": .string(path), "sqlite.code": .int(error.extendedCode), "error": .string(error.description),
            ])
        }
        logger.info("meter writer stopped", metadata: [
            "storage.path": .string(path), "meter.rows_written": .int(counters.rowsWritten),
            "meter.rows_dropped": .int(counters.rowsDropped), "meter.failures": .int(counters.failures),
        ])
        return committedAll
    }

    /// The queued rows at which Kafka fetch samples are dropped (``Options/queueCapacity``). Rows of accepted
    /// requests are dropped only at twice this number, because the bridge stops reading Kafka once half of it
    /// is pending.
    public var queueCapacity: Int { options.queueCapacity }

    /// The counters at this moment.
    public var counters: Counters {
        state.condition.lock()
        defer { state.condition.unlock() }
        return currentCounters()
    }

    private func currentCounters() -> Counters {
        Counters(
            rowsWritten: state.committedCount, rowsPending: state.queuedCount + state.inFlightCount,
            failures: state.failureCount, rowsDropped: state.droppedCount
        )
    }

    // MARK: - Writer thread

    private func run() {
        var statements: (write: SQLiteStatement, fetchSample: SQLiteStatement)?
        var batch: [MeterRow] = []
        var retryDelay = options.initialRetryDelayMilliseconds
        var consecutiveFailures = 0

        while true {
            if batch.isEmpty {
                guard let next = nextBatch() else { break }
                batch = next
            }

            do throws(SQLiteError) {
                let prepared: (write: SQLiteStatement, fetchSample: SQLiteStatement)
                if let statements {
                    prepared = statements
                } else {
                    prepared = (
                        try database.prepare(MeterSchema.insertSQL),
                        try database.prepare(MeterSchema.insertFetchSampleSQL)
                    )
                }
                statements = prepared
                try database.immediateTransaction { () throws(SQLiteError) in
                    for row in batch {
                        switch row {
                        case .write(let record, _):
                            try prepared.write.execute(MeterSchema.insertArguments(record))
                        case .fetchSample(let sample):
                            try prepared.fetchSample.execute(MeterSchema.insertArguments(sample))
                        }
                    }
                }
            } catch {
                consecutiveFailures += 1
                state.condition.lock()
                state.failureCount += 1
                state.condition.unlock()
                logger.error("meter commit failed, retrying", metadata: [
                    "storage.path": .string(path), "sqlite.code": .int(error.extendedCode),
                    "sqlite.code_name": .string(error.codeName), "meter.rows": .int(batch.count),
                    "meter.consecutive_failures": .int(consecutiveFailures), "meter.retry_delay_ms": .int(retryDelay),
                    "error": .string(error.description),
                ])
                // A statement prepared before the failure may belong to a schema that changed, so prepare anew.
                statements = nil
                guard waitBeforeRetry(milliseconds: retryDelay) else { break }
                retryDelay = min(retryDelay * 2, options.maxRetryDelayMilliseconds)
                continue
            }

            if consecutiveFailures > 0 {
                logger.notice("meter commits recovered", metadata: [
                    "storage.path": .string(path), "meter.failed_attempts": .int(consecutiveFailures),
                ])
            }
            state.condition.lock()
            state.committedCount += batch.count
            state.inFlightCount = 0
            state.condition.broadcast()
            state.condition.unlock()
            for row in batch {
                row.whenDurable?()
            }

            consecutiveFailures = 0
            retryDelay = options.initialRetryDelayMilliseconds
            batch.removeAll(keepingCapacity: true)
        }

        // The loop ends only once the writer is closing, so no row can arrive after this discard. A batch that
        // close gave up on is dropped as well, and its callers learn of it like those of the queued rows.
        state.condition.lock()
        let (discarded, callbacks) = state.discardAll()
        state.condition.unlock()
        for callback in batch.compactMap(\.whenDurable) + callbacks {
            callback()
        }
        if discarded > 0 {
            logger.error("meter rows discarded at close", metadata: [
                "storage.path": .string(path), "meter.rows_discarded": .int(discarded),
            ])
        }

        state.condition.lock()
        state.isStopped = true
        state.condition.broadcast()
        state.condition.unlock()
    }

    /// Waits for rows and returns the next batch, or returns nil when the writer should stop: it is closing
    /// and the queue is empty, or close gave up.
    private func nextBatch() -> [MeterRow]? {
        state.condition.lock()
        defer { state.condition.unlock() }

        while state.queuedCount == 0 {
            if state.isClosing || state.isAbandoned { return nil }
            state.condition.wait()
        }

        // Gather more rows until the batch is full or the interval ends, unless a caller waits in flush or close.
        let deadline = Date(timeIntervalSinceNow: Double(options.commitIntervalMilliseconds) / 1000)
        while state.queuedCount < options.maxBatchRows, state.flushWaiterCount == 0, !state.isClosing {
            guard state.condition.wait(until: deadline) else { break }
        }
        if state.isAbandoned { return nil }
        return state.take(upTo: options.maxBatchRows)
    }

    /// Sleeps for the retry delay and returns true, or returns false early when close gave up.
    private func waitBeforeRetry(milliseconds: Int) -> Bool {
        let deadline = Date(timeIntervalSinceNow: Double(milliseconds) / 1000)
        state.condition.lock()
        defer { state.condition.unlock() }

        while !state.isAbandoned, state.condition.wait(until: deadline) {}
        return !state.isAbandoned
    }
}
