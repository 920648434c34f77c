import Bridge

/// The error line of a `run` or `dry-run` that ended without ever getting a partition.
enum UnassignedRunMessage {
    /// Returns the line for a run of the configuration at `configPath`, which names the usual causes and the
    /// commands that tell them apart.
    ///
    /// In Kafka's group protocol, a member that stopped without leaving (a crash, or a second signal) keeps the
    /// next join of its group waiting until its session times out. librdkafka's mock cluster, as in
    /// `ehbridge sandbox`, makes the next join wait up to the session timeout even after a clean leave.
    static func text(configPath: String, source: SourceConfiguration) -> String {
        "no partition was assigned during the run, so nothing was read: the Kafka endpoint was not reached, the "
            + "consumer group got no partition, or the group was still waiting for a member that stopped less than "
            + "source.session_timeout_ms (\(source.sessionTimeoutMilliseconds) ms) ago. See the Kafka errors above, "
            + "run `ehbridge check --config \(configPath)`, or run for longer than the session timeout."
    }
}
