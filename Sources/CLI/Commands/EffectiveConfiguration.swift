import AzureLogs
import Bridge
import Core
import Foundation
import Kafka

/// The configuration as `run` would use it, defaults included, written back as YAML for
/// `ehbridge validate --print-config`. Secret keys show the redaction placeholder, and every other text value
/// passes through the redactor, so nothing secret is printed. Key names are left as they are.
enum EffectiveConfiguration {
    static func yaml(_ configuration: BridgeConfiguration, file: String) -> String {
        var lines = ["# The effective configuration of \(file), defaults included. Secrets are redacted."]
        lines += source(configuration.source)
        lines += destination(configuration.destination)
        lines += batching(configuration.batching)
        lines += normalization(configuration.normalization)
        lines += [
            "meter:",
            "  path: \(quote(absolute(configuration.meter.path)))",
            "  instance_id: \(quote(configuration.meter.instanceID))",
            "dead_letter:",
            "  path: \(quote(absolute(configuration.deadLetterPath)))",
        ]
        lines += delivery(configuration.delivery)
        lines += logging(configuration.logging)
        lines += pricing(configuration.pricing)
        lines += metrics(configuration.metrics)
        return lines.joined(separator: "\n")
    }

    /// Returns `url` without the user information and the query, which often carry credentials.
    static func redactedURL(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return SecretRedactor.placeholder }
        if components.user != nil || components.password != nil {
            components.user = SecretRedactor.placeholder
            components.password = nil
        }
        if components.query != nil { components.query = SecretRedactor.placeholder }
        return components.string ?? SecretRedactor.placeholder
    }

    private static func source(_ source: SourceConfiguration) -> [String] {
        var lines = ["source:"]
        if case .eventHubs = source.connection {
            lines.append("  connection_string: \(quote(SecretRedactor.placeholder))")
        }
        if !source.bootstrapServers.isEmpty {
            lines.append("  bootstrap_servers: \(list(source.bootstrapServers))")
        }
        lines += [
            "  hubs: \(list(source.topics))",
            "  consumer_group: \(quote(source.consumerGroup))",
            "  start_from: \(source.startFrom.rawValue)",
            "  session_timeout_ms: \(source.sessionTimeoutMilliseconds)",
            "  heartbeat_interval_ms: \(source.heartbeatIntervalMilliseconds)",
            "  partition_assignment_strategy: \(source.assignmentStrategy.rawValue)",
        ]
        if let caFile = source.caFile { lines.append("  ca_file: \(quote(absolute(caFile)))") }
        if !source.kafkaProperties.isEmpty {
            lines.append("  kafka_properties:")
            for (key, value) in source.kafkaProperties.sorted(by: { $0.key < $1.key }) {
                let shown = KafkaProperties.looksLikeCredential(key) ? SecretRedactor.placeholder : value
                lines.append("    \(quote(key)): \(quote(shown))")
            }
        }
        return lines
    }

    private static func destination(_ destination: DestinationConfiguration) -> [String] {
        var lines = [
            "destination:",
            "  mode: \(destination.mode.rawValue)",
            "  endpoint: \(quote(destination.endpoint))",
            "  scheme: \(destination.scheme.rawValue)",
        ]
        if let caFile = destination.caFile { lines.append("  ca_file: \(quote(absolute(caFile)))") }
        if let connectAddress = destination.connectAddress { lines.append("  connect_address: \(quote(connectAddress))") }
        lines += [
            "  project: \(quote(destination.project))",
            "  logstore: \(quote(destination.logstore))",
        ]
        switch destination.credentials {
        case .accessKey(let id, _, let securityToken):
            lines.append("  access_key_id: \(quote(id))")
            lines.append("  access_key_secret: \(quote(SecretRedactor.placeholder))")
            if securityToken != nil { lines.append("  security_token: \(quote(SecretRedactor.placeholder))") }
        case .stsFile(let path):
            lines.append("  credentials_file: \(quote(absolute(path)))")
        case .url(let url):
            lines.append("  credentials_url: \(quote(redactedURL(url)))")
        }
        lines.append("  signature_version: \(destination.signatureScheme.rawValue)")
        if let region = destination.region { lines.append("  region: \(quote(region))") }
        if let topic = destination.topic { lines.append("  topic: \(quote(topic))") }
        if let logSource = destination.source { lines.append("  source: \(quote(logSource))") }
        lines.append("  compression: \(destination.compression.rawValue)")
        if let field = destination.shardHashField { lines.append("  shard_hash_field: \(quote(field))") }
        if let buckets = destination.shardHashBuckets { lines.append("  shard_hash_buckets: \(buckets)") }
        lines.append("  max_concurrent_requests: \(destination.maxConcurrentRequests)")
        lines.append("  max_connections: \(destination.maxConnections ?? destination.maxConcurrentRequests)")
        if let rate = destination.maxBytesPerSecond { lines.append("  max_bytes_per_second: \(rate)") }
        lines.append("  connect_timeout_ms: \(destination.connectTimeoutMilliseconds)")
        lines.append("  request_timeout_ms: \(destination.requestTimeoutMilliseconds)")
        return lines
    }

    private static func batching(_ batching: BatchingConfiguration) -> [String] {
        [
            "batching:",
            "  max_entries: \(batching.maxEntries)",
            "  max_bytes: \(batching.maxBytes)",
            "  linger_ms: \(batching.lingerMilliseconds)",
        ]
    }

    private static func normalization(_ options: NormalizationOptions) -> [String] {
        let derived = DerivedFieldSet.configurationNames.filter { options.derivedFields.contains($0.member) }.map(\.name)
        let sanitizers = SanitizerSet.configurationNames.filter { options.sanitizers.contains($0.member) }.map(\.name)
        let limits = options.limits
        return [
            "normalization:",
            "  derived_fields: \(derived.isEmpty ? "[none]" : list(derived))",
            "  sanitizers: \(sanitizers.isEmpty ? "[none]" : list(sanitizers))",
            "  expand_flow_tuples: \(options.expandFlowTuples)",
            "  header_tags: \(options.headerTags)",
            "  limits:",
            "    max_value_bytes: \(limits.maximumValueBytes)",
            "    max_entry_bytes: \(limits.maximumEntryBytes)",
            "    max_key_bytes: \(limits.maximumKeyBytes)",
            "    max_age_seconds: \(limits.maximumAgeSeconds)",
            "    max_future_seconds: \(limits.maximumFutureSeconds)",
            "    max_inflated_bytes: \(limits.maximumInflatedBytes)",
            "    max_log_group_bytes: \(limits.maximumLogGroupBytes)",
            "    max_log_group_entries: \(limits.maximumLogGroupEntries)",
        ]
    }

    private static func delivery(_ delivery: DeliveryConfiguration) -> [String] {
        [
            "delivery:",
            "  max_bytes_in_flight: \(delivery.maxBytesInFlight)",
            "  resume_bytes_in_flight: \(delivery.resumeBytesInFlight)",
            "  retry_base_ms: \(delivery.retryBaseMilliseconds)",
            "  retry_max_ms: \(delivery.retryMaxMilliseconds)",
            "  operator_retry_max_ms: \(delivery.operatorRetryMaxMilliseconds)",
            "  shutdown_timeout_ms: \(delivery.shutdownTimeoutMilliseconds)",
            "  prefetch_kbytes: \(delivery.prefetchKilobytes)",
            "  fetch_max_kbytes: \(delivery.fetchMaxKilobytes)",
        ]
    }

    private static func logging(_ logging: LoggingConfiguration) -> [String] {
        [
            "logging:",
            "  level: \(logging.level)",
            "  format: \(logging.format.rawValue)",
            "  rate_limit:",
            "    interval_ms: \(logging.rateLimit.intervalMilliseconds)",
            "    burst: \(logging.rateLimit.burst)",
        ]
    }

    private static func pricing(_ pricing: PricingConfiguration) -> [String] {
        let settings = pricing.settings
        let readGigabytes = NSDecimalNumber(decimal: Decimal(settings.internetReadBytesPerDay) / 1_073_741_824)
        var lines = ["pricing:"]
        if let directory = pricing.pricesDirectory { lines.append("  prices: \(quote(absolute(directory)))") }
        lines += [
            "  site: \(settings.site.rawValue)",
            "  sls_billing: \(settings.slsBilling.rawValue)",
            "  free_quotas: \(settings.freeQuotas)",
            "  days_per_month: \(settings.daysPerMonth)",
            "  internet_read_gb_per_day: \(quote(readGigabytes.stringValue))",
            "  egress_sample_interval_ms: \(pricing.egressSampleIntervalMilliseconds)",
            "  ctdr:",
            "    ingestion_basis: \(settings.ctdrIngestionBasis.rawValue)",
            "    tier_mode: \(settings.unstatedTierMode.rawValue)",
            "  azure:",
            "    cloud: \(settings.azureCloud.rawValue)",
            "    egress_billed: \(settings.azureEgressBilled)",
            "    event_hubs_tier: \(settings.eventHubsTier.rawValue)",
            "    units: \(settings.eventHubsUnits)",
            "  logstore:",
            "    index: \(pricing.indexMode.rawValue)",
        ]
        if !pricing.indexFields.isEmpty { lines.append("    index_fields: \(list(pricing.indexFields))") }
        lines.append("    retention_days: \(pricing.storage.retentionDays)")
        lines.append("    hot_days: \(pricing.storage.hotDays)")
        if let archive = pricing.storage.archiveAfterDays { lines.append("    archive_after_days: \(archive)") }
        lines.append("    active_shards: \(pricing.activeShards)")
        return lines
    }

    private static func metrics(_ metrics: MetricsConfiguration) -> [String] {
        [
            "metrics:",
            "  enabled: \(metrics.enabled)",
            "  listen: \(quote(metrics.listenAddress))",
            "  kafka_statistics_interval_ms: \(metrics.kafkaStatisticsIntervalMilliseconds)",
            "  readiness:",
            "    max_poll_gap_ms: \(metrics.readiness.maxPollGapMilliseconds)",
            "    max_undelivered_age_ms: \(metrics.readiness.maxUndeliveredAgeMilliseconds)",
        ]
    }

    /// Returns `path` made absolute against the working directory. The loader resolves a relative path in a file
    /// against the file's folder, so the printed copy must not keep it relative, or a copy saved elsewhere would
    /// point at another file.
    static func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        return URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath,
                                                         isDirectory: true)).standardizedFileURL.path
    }

    /// Returns `text`, with secrets redacted, as a YAML scalar: plain when it is made of letters, digits and
    /// `-_./`, else double-quoted with JSON escapes, which YAML reads the same way. A `${` is written as `$${`
    /// inside quotes, so that reading the output again does not expand anything.
    static func quote(_ value: String) -> String {
        let text = SecretRedactor.shared.redact(value)
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
