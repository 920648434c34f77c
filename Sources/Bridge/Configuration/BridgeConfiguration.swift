import Core

/// Everything `ehbridge run` needs, as typed values. Load it with ``BridgeConfigurationLoader``, which
/// reports every problem of a file at once.
public struct BridgeConfiguration: Sendable {
    public var source: SourceConfiguration
    public var destination: DestinationConfiguration
    public var batching: BatchingConfiguration
    public var meter: MeterConfiguration
    public var deadLetter: DeadLetterConfiguration
    public var delivery: DeliveryConfiguration
    public var logging: LoggingConfiguration

    public init(
        source: SourceConfiguration, destination: DestinationConfiguration,
        batching: BatchingConfiguration = .init(), meter: MeterConfiguration,
        deadLetter: DeadLetterConfiguration = .init(), delivery: DeliveryConfiguration = .init(),
        logging: LoggingConfiguration = .init()
    ) {
        self.source = source
        self.destination = destination
        self.batching = batching
        self.meter = meter
        self.deadLetter = deadLetter
        self.delivery = delivery
        self.logging = logging
    }

    /// The dead-letter store's file: its own path, or the meter file.
    public var deadLetterPath: String { deadLetter.path ?? meter.path }

    /// The default meter location, as a service would use it (a systemd `StateDirectory=ehbridge`).
    public static let defaultMeterPath = "/var/lib/ehbridge/meter.sqlite"
}
