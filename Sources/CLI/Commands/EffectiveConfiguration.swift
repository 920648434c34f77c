import Bridge
import Core

/// The configuration as `run` would use it, defaults included, written back as YAML for
/// `ehbridge validate --print-config`. Secrets are replaced by the redaction placeholder, and the whole text
/// passes through the redactor once more, so nothing secret is printed.
enum EffectiveConfiguration {
    static func yaml(_ configuration: BridgeConfiguration, file: String) -> String {
        let source = configuration.source
        let destination = configuration.destination
        let batching = configuration.batching
        let logging = configuration.logging
        let metrics = configuration.metrics
        var lines = ["# The effective configuration of \(file), defaults included. Secrets are redacted."]

        lines.append("source:")
        switch source.connection {
        case .eventHubs:
            lines.append("  connection_string: \(quote(SecretRedactor.placeholder))")
        case .plaintextKafka:
            break
        }
        if !source.bootstrapServers.isEmpty {
            lines.append("  bootstrap_servers: \(list(source.bootstrapServers))")
        }
        lines.append("  hubs: \(list(source.topics))")
        lines.append("  consumer_group: \(quote(source.consumerGroup))")
        lines.append("  start_from: \(source.startFrom.rawValue)")
        if !source.kafkaProperties.isEmpty {
            lines.append("  kafka_properties:")
            for (key, value) in source.kafkaProperties.sorted(by: { $0.key < $1.key }) {
                lines.append("    \(quote(key)): \(quote(value))")
            }
        }

        lines.append("destination:")
        lines.append("  mode: \(destination.mode.rawValue)")
        lines.append("  endpoint: \(quote(destination.endpoint))")
        lines.append("  scheme: \(destination.scheme.rawValue)")
        if let connectAddress = destination.connectAddress {
            lines.append("  connect_address: \(quote(connectAddress))")
        }
        lines.append("  project: \(quote(destination.project))")
        lines.append("  logstore: \(quote(destination.logstore))")
        lines.append("  access_key_id: \(quote(destination.accessKeyID))")
        lines.append("  access_key_secret: \(quote(SecretRedactor.placeholder))")
        if let topic = destination.topic { lines.append("  topic: \(quote(topic))") }
        if let logSource = destination.source { lines.append("  source: \(quote(logSource))") }
        lines.append("  compression: \(destination.compression.rawValue)")
        lines.append("  max_concurrent_requests: \(destination.maxConcurrentRequests)")
        lines.append("  connect_timeout_ms: \(destination.connectTimeoutMilliseconds)")
        lines.append("  request_timeout_ms: \(destination.requestTimeoutMilliseconds)")

        lines += [
            "batching:",
            "  max_entries: \(batching.maxEntries)",
            "  max_bytes: \(batching.maxBytes)",
            "  linger_ms: \(batching.lingerMilliseconds)",
            "meter:",
            "  path: \(quote(configuration.meter.path))",
            "  instance_id: \(quote(configuration.meter.instanceID))",
            "logging:",
            "  level: \(logging.level)",
            "  format: \(logging.format.rawValue)",
            "  rate_limit:",
            "    interval_ms: \(logging.rateLimit.intervalMilliseconds)",
            "    burst: \(logging.rateLimit.burst)",
            "metrics:",
            "  enabled: \(metrics.enabled)",
            "  listen: \(quote(metrics.listenAddress))",
            "  kafka_statistics_interval_ms: \(metrics.kafkaStatisticsIntervalMilliseconds)",
            "  readiness:",
            "    max_poll_gap_ms: \(metrics.readiness.maxPollGapMilliseconds)",
            "    max_undelivered_age_ms: \(metrics.readiness.maxUndeliveredAgeMilliseconds)",
        ]
        return SecretRedactor.shared.redact(lines.joined(separator: "\n"))
    }

    /// Returns `text` as a YAML scalar: plain when it is made of letters, digits and `-_./:`, else double-quoted
    /// with JSON escapes, which YAML reads the same way. A `$` is written as `$$` inside quotes, so that
    /// reading the output again does not expand anything.
    static func quote(_ text: String) -> String {
        let isPlain = !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_./".unicodeScalars.contains(scalar))
        }
        if isPlain, let first = text.unicodeScalars.first, first.properties.isAlphabetic || first == "/" {
            return text
        }
        return LogFormat.jsonString(text.replacingOccurrences(of: "${", with: "$${"))
    }

    private static func list(_ values: [String]) -> String {
        "[" + values.map(quote).joined(separator: ", ") + "]"
    }
}
