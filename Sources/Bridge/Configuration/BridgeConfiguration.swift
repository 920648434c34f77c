import Core

/// Everything `ehbridge run` needs, as typed values. Load it with ``BridgeConfigurationLoader``, which
/// reports every problem of a file at once.
public struct BridgeConfiguration: Sendable {
    public var source: SourceConfiguration
    public var destination: DestinationConfiguration
    public var batching: BatchingConfiguration
    public var meter: MeterConfiguration
    public var logging: LoggingConfiguration
    /// The operations endpoint. Disabled unless given: code that builds a configuration (tests, the demo)
    /// opts in, while a configuration file gets the endpoint on 127.0.0.1 by default.
    public var metrics: MetricsConfiguration

    public init(
        source: SourceConfiguration, destination: DestinationConfiguration,
        batching: BatchingConfiguration = .init(), meter: MeterConfiguration, logging: LoggingConfiguration = .init(),
        metrics: MetricsConfiguration = .disabled
    ) {
        self.source = source
        self.destination = destination
        self.batching = batching
        self.meter = meter
        self.logging = logging
        self.metrics = metrics
    }

    /// The default meter location, as a service would use it (a systemd `StateDirectory=ehbridge`).
    public static let defaultMeterPath = "/var/lib/ehbridge/meter.sqlite"
}
