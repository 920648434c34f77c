internal import CRdKafka
import Core

extension RDKafkaClientContext {
    /// Applies one rebalance event: assigns partitions, or lets the handler drain, commits stored offsets
    /// and only then releases the revoked partitions.
    ///
    /// Runs on the polling (or closing) thread, from librdkafka's rebalance callback. `partitions` belongs to
    /// librdkafka and is not kept.
    func handleRebalance(
        client: OpaquePointer, code: rd_kafka_resp_err_t,
        partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>
    ) {
        // librdkafka returns NULL instead of a protocol name when the group cannot answer, for example while it
        // closes. The default eager protocol applies then.
        let protocolName: UnsafePointer<CChar>? = rd_kafka_rebalance_protocol(client)
        let isCooperative = protocolName.map { String(cString: $0) } == "COOPERATIVE"
        let changed = RDKafkaTopicPartitionList.partitions(of: partitions)
        let handler = handlers.withLock { $0.rebalance }

        switch code {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            assign(client: client, partitions: partitions, isCooperative: isCooperative)
            logger.info("partitions assigned", metadata: Self.metadata(changed, cooperative: isCooperative))
            handler?.partitionsAssigned(changed)

        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            let isLost = rd_kafka_assignment_lost(client) != 0
            revokedDuringPoll.withLock { $0.formUnion(changed) }

            // The handler runs while the partitions are still assigned, so it can store offsets for them.
            if isLost {
                logger.warning("partitions lost", metadata: Self.metadata(changed, cooperative: isCooperative))
                handler?.partitionsLost(changed)
            } else {
                handler?.partitionsRevoked(changed)
                commitStoredOffsets(client: client, partitions: changed)
            }
            resumeBeforeRelease(client: client, partitions: partitions)
            unassign(client: client, partitions: partitions, isCooperative: isCooperative)
            logger.info("partitions revoked", metadata: Self.metadata(changed, cooperative: isCooperative))

        default:
            // librdkafka requires clearing the assignment after a failed rebalance.
            report(KafkaError(code, topicPartition: nil))
            revokedDuringPoll.withLock { $0.formUnion(changed) }
            handler?.partitionsLost(changed)
            resumeBeforeRelease(client: client, partitions: partitions)
            let result = rd_kafka_assign(client, nil)
            if result != RD_KAFKA_RESP_ERR_NO_ERROR {
                report(KafkaError(result))
            }
        }
    }

    private func assign(
        client: OpaquePointer, partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>, isCooperative: Bool
    ) {
        if isCooperative {
            if let error = rd_kafka_incremental_assign(client, partitions) {
                report(KafkaError(consuming: error))
            }
        } else {
            let result = rd_kafka_assign(client, partitions)
            if result != RD_KAFKA_RESP_ERR_NO_ERROR {
                report(KafkaError(result))
            }
        }
    }

    /// Resumes partitions that are being released. librdkafka 2.0.2 keeps a partition's pause through a revoke and
    /// a later assignment, so a partition paused by flow control would come back paused while the application,
    /// which stops tracking revoked partitions, expects to read it. Like the Java consumer, a new assignment
    /// therefore starts unpaused. The records fetched between this resume and the release are dropped by the poll.
    private func resumeBeforeRelease(
        client: OpaquePointer, partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>
    ) {
        let result = rd_kafka_resume_partitions(client, partitions)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR {
            report(KafkaError(result))
        }
    }

    private func unassign(
        client: OpaquePointer, partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>, isCooperative: Bool
    ) {
        if isCooperative {
            if let error = rd_kafka_incremental_unassign(client, partitions) {
                report(KafkaError(consuming: error))
            }
        } else {
            // NOTE: librdkafka 2.0.2 can block here forever when rd_kafka_consumer_close serves the revoke, a bug
            // still open upstream. It happened once in a Bridge operations test on the mock cluster.
            // KafkaConsumer.close therefore serves the revoke in a poll first. The close serves it only when that
            // poll reached its time limit or unsubscribing failed after a fatal error.
            let result = rd_kafka_assign(client, nil)
            if result != RD_KAFKA_RESP_ERR_NO_ERROR {
                report(KafkaError(result))
            }
        }
    }

    /// Commits the offsets stored for the current assignment and waits for the broker's reply.
    ///
    /// The current assignment still contains the revoked partitions. For `cooperative-sticky` it also contains
    /// partitions that stay, and committing their stored offsets a little early is harmless.
    ///
    /// NOTE: with the eager strategies the revoke happens while the group is joining. Apache Kafka brokers
    /// accept commits of the current generation then, but librdkafka 2.0.2's mock cluster rejects them with
    /// REBALANCE_IN_PROGRESS, and Event Hubs has not been tried. A failed commit is reported; the next owner
    /// then reads the revoked partitions again from the previous commit, which duplicates records but loses none.
    private func commitStoredOffsets(client: OpaquePointer, partitions: [TopicPartition]) {
        let result = rd_kafka_commit(client, nil, 0)
        switch result {
        case RD_KAFKA_RESP_ERR_NO_ERROR:
            logger.debug("stored offsets committed before revoke", metadata: ["kafka.partitions": .int(partitions.count)])
        case RD_KAFKA_RESP_ERR__NO_OFFSET:
            // Nothing was stored since the last commit.
            break
        default:
            report(KafkaError(
                code: KafkaError.Code(result),
                message: "committing stored offsets before releasing revoked partitions failed: "
                    + KafkaError.Code(result).explanation
                    + "; the next owner reads again from the last committed offsets"
            ))
        }
    }

    static func metadata(_ partitions: [TopicPartition], cooperative: Bool) -> LogMetadata {
        [
            "kafka.partitions": .string(partitions.sorted().map(\.description).joined(separator: ",")),
            "kafka.partition_count": .int(partitions.count),
            "kafka.rebalance_protocol": .string(cooperative ? "cooperative" : "eager"),
        ]
    }
}
