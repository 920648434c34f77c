import Bridge

/// The error line of a `run` or `dry-run` that ended without ever getting a partition.
enum UnassignedRunMessage {
    /// Returns the line for a run of the configuration at `configPath`, which names the usual causes and the
    /// commands that tell them apart. `kafkaErrors` is the number of errors librdkafka reported during the run.
    /// Without any, the line does not name an unreachable endpoint as a cause.
    ///
    /// A Kafka broker delays the first join of an empty group by `group.initial.rebalance.delay.ms` (3 s by
    /// default). In Kafka's group protocol, a member that stopped without leaving (a crash, or a second signal)
    /// keeps the next join of its group waiting until its session times out. librdkafka 2.0.2's mock cluster, as in
    /// `ehbridge sandbox`, delays the next join by the session timeout less one second even after a clean leave.
    static func text(configPath: String, source: SourceConfiguration, kafkaErrors: Int) -> String {
        let causes = kafkaErrors > 0
            ? "Either the Kafka endpoint was not reached (see the Kafka errors above), or the group has more members "
                + "than the hub has partitions, or the join was still pending when the run ended."
            : "No Kafka error was reported, so the join was most likely still pending when the run ended, or the "
                + "group has more members than the hub has partitions."
        return "error: no partition was assigned during the run, so nothing was read. \(causes) "
            + "A join takes about 3 s for a group without members, "
            + "and up to source.session_timeout_ms (\(source.sessionTimeoutMilliseconds) ms) while a member that "
            + "stopped without leaving the group times out. Run `ehbridge check --config \(configPath)`, or run for "
            + "longer than the session timeout plus a few seconds."
    }
}
