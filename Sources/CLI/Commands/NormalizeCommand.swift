import AzureLogs
import Foundation

/// `ehbridge normalize [FILE ...]`: prints the entries each message becomes, as JSON lines, without sending
/// anything.
struct NormalizeCommand: Command {
    let name = "normalize"
    let takesPositionalArguments = true
    let abstract = "Print, as JSON lines, the log entries that Event Hubs messages become in SLS."
    let usage = "ehbridge normalize [options] [FILE ...]"
    let discussion = """
        Each FILE (or standard input when there is none, or for `-`) is one Kafka message value, read as \
        bytes: gzip, a byte order mark and invalid JSON are handled as the bridge handles them. Each entry \
        is one line with its time, topic, source, tags and contents, and the parse error, dead-letter \
        reasons and repair counts when there are any. A message without entries prints one line with its \
        empty reason. A summary goes to standard error. Exits with 0 even when messages are unreadable, \
        because those become raw entries; 1 when a file cannot be read; 2 for invalid options.
        """
    let options = [
        OptionSpecification("kafka-timestamp", .value(placeholder: "TIME"), help: "Kafka record timestamp: milliseconds since the epoch or RFC 3339 text (default: none)."),
        OptionSpecification("received-at", .value(placeholder: "TIME"), help: "Receive time, the base of the SLS time window: milliseconds or RFC 3339 (default: now)."),
        OptionSpecification("offset", .value(placeholder: "N"), help: "Kafka offset of the first message; later files count up from it (default: none)."),
        OptionSpecification("header", .value(placeholder: "NAME=VALUE"), help: "A Kafka header; repeatable. A value `hex:A105...` gives raw bytes, such as AMQP-encoded ones.", repeatable: true),
        OptionSpecification("topic", .value(placeholder: "TEXT"), help: "The LogGroup __topic__ to show (the bridge uses the hub name unless configured; default: empty)."),
        OptionSpecification("source", .value(placeholder: "TEXT"), help: "The LogGroup __source__ to show (default: empty)."),
        OptionSpecification("derived-fields", .value(placeholder: "LIST"), help: "Comma-separated derived fields to add, `all` or `none` (default: all). Names: \(DerivedFieldSet.configurationNames.map(\.name).joined(separator: ", "))."),
        OptionSpecification("sanitizers", .value(placeholder: "LIST"), help: "Comma-separated opt-in sanitizers, `all` or `none` (default: none). Names: \(SanitizerSet.configurationNames.map(\.name).joined(separator: ", "))."),
        OptionSpecification("expand-flow-tuples", .flag, help: "Make one entry per NSG or VNet flow tuple."),
        OptionSpecification("no-header-tags", .flag, help: "Do not turn Kafka headers into tags."),
        OptionSpecification("max-value-bytes", .value(placeholder: "BYTES"), help: "Maximum content value size in bytes; longer values are truncated (default: 1000000)."),
        OptionSpecification("max-entry-bytes", .value(placeholder: "BYTES"), help: "Maximum sum of key and value bytes per entry (default: 1000000)."),
        OptionSpecification("max-key-bytes", .value(placeholder: "BYTES"), help: "Maximum key length in bytes (default: 128)."),
        OptionSpecification("max-age-seconds", .value(placeholder: "SECONDS"), help: "Maximum age of an entry time before the receive time, in seconds (default: 601200)."),
        OptionSpecification("max-future-seconds", .value(placeholder: "SECONDS"), help: "Maximum entry time after the receive time, in seconds (default: 600)."),
        OptionSpecification("max-inflated-bytes", .value(placeholder: "BYTES"), help: "Maximum inflated size of a gzip message in bytes (default: 33554432)."),
    ]

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let normalizer = AzureLogNormalizer(options: try normalizationOptions(arguments))
        let kafkaTimestamp = try arguments.value("kafka-timestamp").map { try Self.milliseconds($0, option: "kafka-timestamp") }
        let receivedAt = try arguments.value("received-at").map { try Self.milliseconds($0, option: "received-at") }
            ?? Int64(Date().timeIntervalSince1970 * 1000)
        let firstOffset = try arguments.value("offset").map { text throws(UsageError) -> Int64 in
            guard let offset = Int64(text), offset >= 0 else {
                throw UsageError("--offset must be a whole number of 0 or more, not `\(text)`.")
            }
            return offset
        }
        let headers = try arguments.allValues("header").map(Self.header)
        let topic = arguments.value("topic") ?? ""
        let source = arguments.value("source") ?? ""

        let files = arguments.positionals.isEmpty ? ["-"] : arguments.positionals
        var totals = (messages: 0, entries: 0, rawEntries: 0, deadLetters: 0)
        for (index, file) in files.enumerated() {
            let value: [UInt8]
            do {
                value = try Self.read(file)
            } catch {
                context.errorOutput.line("error: \(error).")
                return .failure
            }

            let messageContext = MessageContext(
                kafkaTimestampMilliseconds: kafkaTimestamp, receivedAtMilliseconds: receivedAt,
                kafkaOffset: firstOffset.map { $0 + Int64(index) }, headers: headers
            )
            let message = normalizer.normalize(value, context: messageContext)
            let name = file == "-" ? "stdin" : file
            for line in NormalizationPreview.jsonLines(for: message, named: name, topic: topic, source: source) {
                context.output.line(line)
            }
            totals.messages += 1
            totals.entries += message.entries.count
            totals.rawEntries += message.report.rawEntries
            totals.deadLetters += message.requiresDeadLetter ? 1 : 0
        }

        context.errorOutput.line(
            Self.count(totals.messages, "message") + ", " + Self.count(totals.entries, "entry", "entries") + ", "
                + Self.count(totals.rawEntries, "raw entry", "raw entries") + ", "
                + Self.count(totals.deadLetters, "message") + " to dead-letter"
        )
        return .success
    }

    /// Returns `count` with the singular or plural noun, such as `1 message` or `3 entries`.
    static func count(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
    }

    private func normalizationOptions(_ arguments: ParsedArguments) throws(UsageError) -> NormalizationOptions {
        var options = NormalizationOptions()
        do {
            if let list = arguments.value("derived-fields") {
                options.derivedFields = try DerivedFieldSet(configurationNames: Self.names(list))
            }
            if let list = arguments.value("sanitizers") {
                options.sanitizers = try SanitizerSet(configurationNames: Self.names(list))
            }
        } catch {
            throw UsageError("\(error.description).")
        }
        options.expandFlowTuples = arguments.isSet("expand-flow-tuples")
        options.headerTags = !arguments.isSet("no-header-tags")

        var limits = options.limits
        if let bytes = try arguments.positiveInteger("max-value-bytes") { limits.maximumValueBytes = bytes }
        if let bytes = try arguments.positiveInteger("max-entry-bytes") { limits.maximumEntryBytes = bytes }
        if let bytes = try arguments.positiveInteger("max-key-bytes") { limits.maximumKeyBytes = bytes }
        if let seconds = try arguments.positiveInteger("max-age-seconds") { limits.maximumAgeSeconds = Int64(seconds) }
        if let seconds = try arguments.positiveInteger("max-future-seconds") { limits.maximumFutureSeconds = Int64(seconds) }
        if let bytes = try arguments.positiveInteger("max-inflated-bytes") { limits.maximumInflatedBytes = bytes }
        // These byte limits depend on each other. The messages name the options, whereas
        // NormalizationLimits.problems() names the limits themselves.
        if limits.maximumValueBytes < 64 {
            throw UsageError("--max-value-bytes must be at least 64, room for the truncation marker, not \(limits.maximumValueBytes).")
        }
        if limits.maximumKeyBytes < 16 {
            throw UsageError("--max-key-bytes must be at least 16, not \(limits.maximumKeyBytes).")
        }
        if limits.maximumKeyBytes > 128 {
            throw UsageError("--max-key-bytes must be at most 128, the SLS limit, not \(limits.maximumKeyBytes).")
        }
        if limits.maximumEntryBytes < limits.maximumKeyBytes + 64 {
            throw UsageError("--max-entry-bytes must be at least the maximum key bytes plus 64 "
                + "(\(limits.maximumKeyBytes + 64)), not \(limits.maximumEntryBytes).")
        }
        if let problem = limits.problems().first {
            throw UsageError("\(problem).")
        }
        options.limits = limits
        return options
    }

    private static func names(_ list: String) -> [String] {
        list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private static func milliseconds(_ text: String, option: String) throws(UsageError) -> Int64 {
        guard let milliseconds = NormalizationPreview.milliseconds(fromTimeText: text) else {
            throw UsageError("--\(option) must be milliseconds since the epoch or RFC 3339 time, not `\(text)`.")
        }
        return milliseconds
    }

    /// Parses `NAME=VALUE`; a value starting with `hex:` is hexadecimal bytes.
    private static func header(_ text: String) throws(UsageError) -> (name: String, value: [UInt8]?) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw UsageError("--header must be NAME=VALUE, not `\(text)`.")
        }
        let name = String(text[..<equals])
        let value = String(text[text.index(after: equals)...])
        guard value.hasPrefix("hex:") else {
            return (name, Array(value.utf8))
        }

        let digits = Array(value.dropFirst(4).utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index + 1 < digits.count {
            guard let high = hexDigit(digits[index]), let low = hexDigit(digits[index + 1]) else { break }
            bytes.append(high << 4 | low)
            index += 2
        }
        guard index == digits.count else {
            throw UsageError("--header \(name): `\(value)` must be `hex:` followed by pairs of hexadecimal digits.")
        }
        return (name, bytes)
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func read(_ file: String) throws -> [UInt8] {
        if file == "-" {
            return Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        return try FileAccess.read(file)
    }
}
