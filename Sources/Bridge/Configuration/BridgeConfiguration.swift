import AzureLogs
import Core

/// Everything `ehbridge run` needs, as typed values. Load it with ``BridgeConfigurationLoader``, which
/// reports every problem of a file at once.
public struct BridgeConfiguration: Sendable {
    public var source: SourceConfiguration
    public var destination: DestinationConfiguration
    public var batching: BatchingConfiguration
    /// How Kafka message values become log entries: derived fields, sanitizers, SLS limits, header tags.
    public var normalization: NormalizationOptions
    public var meter: MeterConfiguration
    public var deadLetter: DeadLetterConfiguration
    public var delivery: DeliveryConfiguration
    public var logging: LoggingConfiguration
    public var pricing: PricingConfiguration
    /// The operations endpoint. Disabled unless given: code that builds a configuration (tests, the demo)
    /// opts in, while a configuration file gets the endpoint on 127.0.0.1 by default.
    public var metrics: MetricsConfiguration

    public init(
        source: SourceConfiguration, destination: DestinationConfiguration,
        batching: BatchingConfiguration = .init(), normalization: NormalizationOptions = .init(), meter: MeterConfiguration,
        deadLetter: DeadLetterConfiguration = .init(), delivery: DeliveryConfiguration = .init(),
        logging: LoggingConfiguration = .init(), pricing: PricingConfiguration = .init(),
        metrics: MetricsConfiguration = .disabled
    ) {
        self.source = source
        self.destination = destination
        self.batching = batching
        self.normalization = normalization
        self.meter = meter
        self.deadLetter = deadLetter
        self.delivery = delivery
        self.logging = logging
        self.pricing = pricing
        self.metrics = metrics
    }

    /// The dead-letter store's file: its own path, or the meter file.
    public var deadLetterPath: String { deadLetter.path ?? meter.path }

    /// The dead-letter store of dry runs, next to ``deadLetterPath`` (see ``DeadLetterConfiguration/dryRunPath(for:)``).
    public var dryRunDeadLetterPath: String { DeadLetterConfiguration.dryRunPath(for: deadLetterPath) }

    /// The batching limits as applied: the configured ones, capped by the LogGroup limits of normalization.
    public var effectiveBatching: BatchingConfiguration {
        var limits = batching
        limits.maxBytes = min(limits.maxBytes, normalization.limits.maximumLogGroupBytes)
        limits.maxEntries = min(limits.maxEntries, normalization.limits.maximumLogGroupEntries)
        return limits
    }

    /// The default meter location, as a service would use it (a systemd `StateDirectory=ehbridge`).
    public static let defaultMeterPath = "/var/lib/ehbridge/meter.sqlite"
}
