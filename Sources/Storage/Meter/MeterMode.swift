/// The destination whose bill a metered write counts toward. Stored as text in `meter_writes.mode`.
///
/// The type is open: a file written by a newer ehbridge may hold a mode that this build has no constant for,
/// and the reader reports it under its stored text.
public struct MeterMode: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Writes to the Logstore of the Security Center (CTDR) dedicated channel.
    public static let dedicatedChannel = MeterMode(rawValue: "dedicated-channel")
    /// Writes to a Logstore in the user's own SLS project.
    public static let userLogService = MeterMode(rawValue: "user-log-service")

    public static func < (lhs: MeterMode, rhs: MeterMode) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { rawValue }
}

/// Whether a metered PutLogs request went to SLS. Stored as text in `meter_writes.delivery`.
public struct MeterDelivery: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// SLS accepted the request.
    public static let sent = MeterDelivery(rawValue: "sent")
    /// The request was encoded and compressed in a dry run, but not sent.
    public static let dryRun = MeterDelivery(rawValue: "dry-run")

    public static func < (lhs: MeterDelivery, rhs: MeterDelivery) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { rawValue }
}
