/// The destination of the logs, which decides who bills what.
///
/// Both modes use the same PutLogs wire protocol. They differ in the target project and Logstore, and in the
/// billing rules applied to their meter rows.
public enum DestinationMode: String, Sendable, CaseIterable, Codable {
    /// The SLS project that CTDR (Security Center threat detection) owns. CTDR bills ingestion plus
    /// Logstore storage and writes, all consuming Log Ingestion Traffic; SLS bills the rest, such as
    /// internet traffic.
    case dedicatedChannel = "dedicated-channel"
    /// The user's own SLS project. CTDR bills only the ingestion fee; SLS bills every log-related item.
    case userLogService = "user-log-service"
}
