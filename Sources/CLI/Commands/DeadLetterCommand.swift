import Bridge
import Core
import Foundation
import Storage

/// `ehbridge dlq list|export|replay`: inspects and re-sends the records SLS refused.
struct DeadLetterCommand: Command {
    let name = "dlq"
    let takesPositionalArguments = true
    let abstract = "List, export or replay the records kept in the dead-letter store."
    let usage = "ehbridge dlq <list|export|replay> (--config FILE | --db FILE) [options]"
    let discussion = """
        list     prints one line per dead letter: id, Kafka position, reason, error code and message.
        export   writes JSON Lines to --out (the value base64-encoded, plus its text when it is UTF-8).
        replay   re-sends the records through the normal path to the configured Logstore (needs --config)
                 and removes each one the Logstore accepts; the rest stay with their new error. Raw copies of
                 records that were delivered with a truncated value (reason value_truncated and the like) are
                 replayed only when --reason names their reason.
        """
    let options = [
        OptionSpecification("config", .value(placeholder: "FILE"), help: "The bridge configuration (its dead-letter store and destination)."),
        OptionSpecification("db", .value(placeholder: "FILE"), help: "A dead-letter store file, for list and export without a configuration."),
        OptionSpecification("reason", .value(placeholder: "REASON"), help: "Only dead letters with this reason, such as sls_rejected."),
        OptionSpecification("partition", .value(placeholder: "N"), help: "Only dead letters from this Kafka partition."),
        OptionSpecification("limit", .value(placeholder: "N"), help: "At most this many dead letters (list: default 100)."),
        OptionSpecification("out", .value(placeholder: "FILE"), help: "Where export writes its JSON Lines."),
    ]

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        guard let action = arguments.positionals.first else { throw UsageError("name an action: list, export or replay.") }
        guard arguments.positionals.count == 1 else { throw UsageError("unexpected argument `\(arguments.positionals[1])`.") }
        var filter = DeadLetterFilter()
        if let reason = arguments.value("reason") {
            // A mistyped reason would match nothing and look like an empty store.
            guard Self.knownReasons.contains(reason) else {
                throw UsageError("--reason `\(reason)` is not a dead-letter reason; use one of "
                    + Self.knownReasons.sorted().joined(separator: ", ") + ".")
            }
            filter.reason = DeadLetterReason(rawValue: reason)
        }
        guard arguments.value("config") == nil || arguments.value("db") == nil else {
            throw UsageError("give --config FILE or --db FILE, not both: --config reads the store that its "
                + "dead_letter.path (or meter.path) names.")
        }
        if let partition = arguments.value("partition") {
            guard let number = Int32(partition), number >= 0 else { throw UsageError("--partition must be a partition number, not `\(partition)`.") }
            filter.kafkaPartition = number
        }
        let limit = try arguments.positiveInteger("limit")
        let logger = Logger(label: "dlq", minimumLevel: .warning, sink: context.logSink)

        switch action {
        case "list":
            let path = try storePath(arguments, context: context)
            guard FileManager.default.fileExists(atPath: path) else {
                // Opening would create an empty store, which hides a mistyped dead_letter.path.
                context.output.line("0 dead letters: there is no dead-letter store at \(path) yet")
                return .success
            }
            let store = try DeadLetterStore(path: path, logger: logger)
            defer { store.close() }
            let page = try store.page(limit: limit ?? 100, filter: filter)
            let letters = page.letters
            let counts = try store.count(filter: filter)
            context.output.line("\(counts.values.reduce(0, +)) dead letters" + counts.sorted { $0.key < $1.key }
                .map { " \($0.key): \($0.value)" }.joined(separator: ","))
            for letter in letters {
                var message = letter.errorMessage.replacingOccurrences(of: "\n", with: " ")
                if let refused = letter.refusedEntries {
                    message += " (entries \(refused.text) of \(refused.recordEntryCount); the others went in other requests)"
                }
                context.output.line("\(letter.id ?? 0)\t\(letter.kafkaTopic)[\(letter.kafkaPartition)]@\(letter.kafkaOffset)\t\(letter.reason)\t\(letter.errorCode ?? "-")\tattempts \(letter.attempts)\t\(message)")
            }
            Self.reportDamaged(page.damaged, path: path, context: context)
            return page.damaged.isEmpty ? .success : .failure
        case "export":
            guard let out = arguments.value("out") else { throw UsageError("export needs --out FILE.") }
            let path = try storePath(arguments, context: context)
            try Self.checkExportTarget(out, storePath: path)
            guard FileManager.default.fileExists(atPath: path) else {
                throw UsageError("there is no dead-letter store at \(path) yet, so there is nothing to export; check "
                    + "dead_letter.path, or meter.path without it.")
            }
            let store = try DeadLetterStore(path: path, logger: logger)
            defer { store.close() }
            let export = try store.export(to: out, filter: filter, limit: limit)
            context.output.line("exported \(export.written) dead letters to \(out)")
            Self.reportDamaged(export.damaged, path: path, context: context)
            return export.damaged.isEmpty ? .success : .failure
        case "replay":
            guard let path = arguments.value("config") else { throw UsageError("replay needs --config FILE (the destination to send to).") }
            guard arguments.value("db") == nil else {
                throw UsageError("replay reads the dead-letter store of its --config (dead_letter.path, or meter.path "
                    + "without it) and takes no --db.")
            }
            let configuration = try loadConfiguration(path: path, context: context)
            // One warning per letter that fails again would flood the terminal with a large store.
            let rateLimited = RateLimitingLogSink(base: context.logSink, policy: configuration.logging.rateLimit)
            let replayLogger = Logger(label: "dlq", minimumLevel: .warning, sink: rateLimited)
            let replayer = DeadLetterReplayer(configuration: configuration, logger: replayLogger)
            let includeRawCopies = filter.reason.map { DeadLetterReplayer.rawCopyReasons.contains($0.rawValue) } ?? false
            let stopRequested = Locked(false)
            let signals = SignalHandlers.install(
                firstSignalMessage: "stopping the replay after the current dead letter (send the signal again to exit at once)"
            ) { stopRequested.withLock { $0 = true } }
            defer { signals.cancel() }
            let summary = try replayer.replay(
                filter: filter, limit: limit, includeRawCopies: includeRawCopies,
                shouldStop: { stopRequested.withLock { $0 } }
            )
            // The counts of warnings the rate limit held back, before the summary.
            rateLimited.flush()
            context.output.line("replayed \(summary.replayed) of \(summary.attempted) dead letters; kept \(summary.kept); removed \(summary.empty) without entries")
            if summary.skippedOtherDestination > 0 {
                context.output.line("  skipped \(summary.skippedOtherDestination) dead letters kept for another project, Logstore or mode; replay them with the configuration of that destination")
            }
            if summary.skippedRawCopies > 0 {
                context.output.line("  skipped \(summary.skippedRawCopies) raw copies of records that were delivered with a truncated or repaired entry:")
                for (reason, count) in summary.skippedRawCopiesByReason.sorted(by: { $0.key < $1.key }) {
                    context.output.line("    \(reason): \(count); \(Self.rawCopyAdvice(reason: reason))")
                }
            }
            for (code, message) in summary.errors.sorted(by: { $0.key < $1.key }) {
                context.output.line("  still failing: \(code): \(message)")
            }
            if let stopReason = summary.stopReason {
                context.output.line("  stopped: \(stopReason)")
            }
            if summary.interrupted {
                context.output.line("  interrupted: stopped after a signal, before the last dead letter")
            }
            Self.reportDamaged(summary.damaged, path: configuration.deadLetterPath, context: context)
            if let left = try Self.remainingCount(path: configuration.deadLetterPath, filter: filter, logger: logger), left > 0 {
                context.output.line("  left in the store: \(left) dead letters of this selection (`ehbridge dlq list` shows them)")
            }
            if summary.interrupted { return .interrupted }
            return summary.kept == 0 && summary.stopReason == nil && summary.damaged.isEmpty ? .success : .failure
        default:
            throw UsageError("unknown action `\(action)`; use list, export or replay.")
        }
    }

    /// The reasons that the bridge stores: those of records it could not deliver and those of raw copies.
    static let knownReasons: Set<String> = Set(
        [DeadLetterReason.slsRejected, .entryTooLarge, .encodingFailed, .invalidRecord, .retriesExhausted, .incompleteEntry]
            .map(\.rawValue)
    ).union(DeadLetterReplayer.rawCopyReasons)

    /// Prints the rows that could not be read, with how to look at them, to standard error.
    static func reportDamaged(_ damaged: [DamagedDeadLetter], path: String, context: CommandContext) {
        for row in damaged {
            context.errorOutput.line("row \(row.id) of \(path) cannot be read: \(row.problem); inspect it with "
                + "sqlite3 \(path) 'SELECT * FROM dead_letters WHERE id = \(row.id)'")
        }
    }

    /// Returns the number of dead letters of `filter` in the store at `path`, or nil when there is no store.
    private static func remainingCount(path: String, filter: DeadLetterFilter, logger: Logger) throws -> Int? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let store = try DeadLetterStore(path: path, logger: logger)
        defer { store.close() }
        return try store.count(filter: filter).values.reduce(0, +)
    }

    /// Refuses an export target that would destroy data or not be the file it names: the store itself or one of
    /// its SQLite files, a symbolic link (the export replaces it with a file) or anything but a regular file.
    static func checkExportTarget(_ out: String, storePath: String) throws {
        guard out != "-" else {
            throw UsageError("--out - would write a file named `-`; give a file path, since the export's summary line "
                + "goes to standard output.")
        }
        let target = URL(fileURLWithPath: out).standardizedFileURL.resolvingSymlinksInPath().path
        let store = URL(fileURLWithPath: storePath).standardizedFileURL.resolvingSymlinksInPath().path
        if [store, store + "-wal", store + "-shm", store + "-journal"].contains(target) {
            throw UsageError("--out \(out) is the dead-letter store itself; export to another file.")
        }
        let folder = URL(fileURLWithPath: out).deletingLastPathComponent().path
        guard FileAccess.isFolder(folder) else {
            throw UsageError("the folder \(folder) of --out \(out) does not exist; create it or export to another folder.")
        }
        if let attributes = try? FileManager.default.attributesOfItem(atPath: out),
           let type = attributes[.type] as? FileAttributeType, type != .typeRegular {
            let kind = type == .typeSymbolicLink ? "a symbolic link, which the export would replace with a file"
                : "not a regular file"
            throw UsageError("--out \(out) is \(kind); give the path of a regular file.")
        }
    }

    private func storePath(_ arguments: ParsedArguments, context: CommandContext) throws -> String {
        if let db = arguments.value("db") {
            // Opening a missing file would create an empty store, which hides a mistyped path.
            guard FileManager.default.fileExists(atPath: db) else {
                throw UsageError("the dead-letter store \(db) does not exist; check the path (it is the dead_letter.path, or else the meter.path, of the configuration).")
            }
            guard !FileAccess.isFolder(db) else {
                throw UsageError("\(db) is a folder, not a dead-letter store; name the file (the dead_letter.path, or else the meter.path, of the configuration).")
            }
            return db
        }
        guard let path = arguments.value("config") else { throw UsageError("give --config FILE or --db FILE.") }
        return try loadConfiguration(path: path, context: context).deadLetterPath
    }

    /// Returns what lets a replay deliver the raw copies of `reason` whole, or why nothing does.
    static func rawCopyAdvice(reason: String) -> String {
        switch reason {
        case "value_truncated", "entry_over_limit":
            "raise normalization.limits, then replay with --reason \(reason)"
        case "flow_tuples_incomplete":
            "set normalization.expand_flow_tuples: false, then replay with --reason \(reason)"
        case "decompression_failed":
            "for those whose message says the data inflates to more than the limit, raise normalization.limits.max_inflated_bytes, then replay with --reason \(reason); damaged gzip data cannot be repaired"
        default:
            "no setting delivers them whole; `ehbridge dlq export` writes the original records"
        }
    }
}
