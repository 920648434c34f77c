import Core
import Kafka
import Testing
@testable import Bridge

@Suite struct OperationsReadinessTests {
    private let rules = ReadinessRules(thresholds: MetricsConfiguration.Readiness(
        maxPollGapMilliseconds: 1_000, maxUndeliveredAgeMilliseconds: 5_000
    ))
    private let second: UInt64 = 1_000_000_000

    private func record(_ partition: Int32, _ offset: Int64) -> KafkaRecord {
        KafkaRecord(topic: "hub", partition: partition, offset: offset, timestamp: nil, key: nil, value: [1], headers: [])
    }

    @Test func rulesRejectStoppedBridge() {
        let report = rules.evaluate(isRunning: false, lastPollNanoseconds: nil, oldest: nil, alerts: [], nowNanoseconds: 0)
        #expect(report.reasons == ["the bridge is not running"])
        #expect(report.text == "not ready\n- the bridge is not running\n")
    }

    @Test func rulesPassWithRecentPoll() {
        let report = rules.evaluate(isRunning: true, lastPollNanoseconds: 10 * second, oldest: nil, alerts: [],
                                    nowNanoseconds: 10 * second + 500_000_000)
        #expect(report.isReady)
        #expect(report.text == "ready\n")
    }

    @Test func rulesRejectPollGap() {
        let report = rules.evaluate(isRunning: true, lastPollNanoseconds: 10 * second, oldest: nil, alerts: [],
                                    nowNanoseconds: 12 * second)
        #expect(report.reasons == ["no poll of the consumer for 2000 ms (limit 1000 ms)"])
    }

    @Test func rulesRejectBrokersDownPastPollGap() {
        let down = rules.evaluate(isRunning: true, lastPollNanoseconds: 12 * second, oldest: nil, alerts: [],
                                  brokersDownSinceNanoseconds: 10 * second, nowNanoseconds: 12 * second)
        #expect(down.reasons == ["every Kafka broker has been unreachable for 2000 ms (limit 1000 ms)"])
        let brief = rules.evaluate(isRunning: true, lastPollNanoseconds: 12 * second, oldest: nil, alerts: [],
                                   brokersDownSinceNanoseconds: 11_800_000_000, nowNanoseconds: 12 * second)
        #expect(brief.isReady)
    }

    @Test func rulesRejectMissingFirstPoll() {
        let report = rules.evaluate(isRunning: true, lastPollNanoseconds: nil, oldest: nil, alerts: [], nowNanoseconds: 0)
        #expect(report.reasons == ["the consumer has not been polled yet"])
    }

    @Test func rulesRejectOldUndeliveredRecordAndAlerts() {
        let oldest = UndeliveredRecordClock.OldestRecord(
            partition: TopicPartition(topic: "hub", partition: 2), offset: 41, ageNanoseconds: 6 * second
        )
        let alert = OperatorAlerts.Alert(source: .sls, code: "LogStoreNotExist", message: "Logstore audit does not exist",
                                         lastSeenNanoseconds: 0)
        let report = rules.evaluate(isRunning: true, lastPollNanoseconds: 20 * second, oldest: oldest, alerts: [alert],
                                    nowNanoseconds: 20 * second)
        #expect(report.reasons == [
            "the record at hub[2] offset 41 was read 6000 ms ago and is not delivered yet (limit 5000 ms)",
            "SLS error LogStoreNotExist needs an operator: Logstore audit does not exist",
        ])
    }

    @Test func clockTracksOldestUnacknowledgedRecord() {
        let clock = UndeliveredRecordClock()
        clock.recordsRead([record(0, 0), record(0, 1), record(1, 0)], nowNanoseconds: 1 * second)
        clock.recordsRead([record(0, 2), record(1, 1)], nowNanoseconds: 3 * second)

        #expect(clock.oldest(nowNanoseconds: 4 * second)?.ageNanoseconds == 3 * second)

        clock.acknowledged(TopicPartitionOffset(topic: "hub", partition: 0, offset: 2))
        let afterFirst = clock.oldest(nowNanoseconds: 4 * second)
        #expect(afterFirst?.partition == TopicPartition(topic: "hub", partition: 1))
        #expect(afterFirst?.offset == 0)

        clock.acknowledged(TopicPartitionOffset(topic: "hub", partition: 1, offset: 2))
        let remaining = clock.oldest(nowNanoseconds: 4 * second)
        #expect(remaining?.partition == TopicPartition(topic: "hub", partition: 0))
        #expect(remaining?.offset == 2)
        #expect(remaining?.ageNanoseconds == 1 * second)

        clock.acknowledged(TopicPartitionOffset(topic: "hub", partition: 0, offset: 3))
        #expect(clock.oldest(nowNanoseconds: 4 * second) == nil)
    }

    @Test func clockPointsInsidePartlyAcknowledgedRun() {
        let clock = UndeliveredRecordClock()
        clock.recordsRead([record(0, 10), record(0, 11), record(0, 12)], nowNanoseconds: second)
        clock.acknowledged(TopicPartitionOffset(topic: "hub", partition: 0, offset: 12))
        #expect(clock.oldest(nowNanoseconds: 2 * second)?.offset == 12)
    }

    @Test func clockForgetsReleasedPartitions() {
        let clock = UndeliveredRecordClock()
        clock.recordsRead([record(0, 0), record(1, 0)], nowNanoseconds: second)
        clock.release([TopicPartition(topic: "hub", partition: 0), TopicPartition(topic: "hub", partition: 1)])
        #expect(clock.oldest(nowNanoseconds: 2 * second) == nil)
    }

    @Test func kafkaAlertsExpireWithoutRepeat() {
        let alerts = OperatorAlerts()
        alerts.raise(.kafka, code: "_AUTHENTICATION", message: "SASL authentication error", nowNanoseconds: 0)
        alerts.raise(.sls, code: "Unauthorized", message: "denied", nowNanoseconds: 0)
        #expect(alerts.active(nowNanoseconds: 10 * second).map(\.code) == ["_AUTHENTICATION", "Unauthorized"])

        let later = OperatorAlerts.kafkaAlertHoldNanoseconds + second
        #expect(alerts.active(nowNanoseconds: later).map(\.code) == ["Unauthorized"])

        alerts.clear(.sls)
        #expect(alerts.active(nowNanoseconds: later).isEmpty)
    }

    @Test func alertMessagesAreRedacted() {
        let secret = Secret("alert-secret-value-55")
        let alerts = OperatorAlerts()
        alerts.raise(.sls, code: "SignatureNotMatch", message: "bad signature for \(secret.revealed())", nowNanoseconds: 0)
        #expect(alerts.active(nowNanoseconds: 0).first?.message == "bad signature for <redacted>")
    }
}
