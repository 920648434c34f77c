@testable import Kafka
import Testing

@Suite struct KafkaPollTimeoutTests {
    @Test func pollTimeoutRoundsPartialMillisecondsUp() {
        #expect(KafkaConsumer.pollTimeoutMilliseconds(.microseconds(300)) == 1)
        #expect(KafkaConsumer.pollTimeoutMilliseconds(.microseconds(99_700)) == 100)
        #expect(KafkaConsumer.pollTimeoutMilliseconds(.nanoseconds(1)) == 1)
    }

    @Test func pollTimeoutKeepsWholeMilliseconds() {
        #expect(KafkaConsumer.pollTimeoutMilliseconds(.milliseconds(100)) == 100)
        #expect(KafkaConsumer.pollTimeoutMilliseconds(.seconds(2)) == 2000)
    }

    @Test func pollTimeoutIsZeroAfterDeadline() {
        #expect(KafkaConsumer.pollTimeoutMilliseconds(.zero) == 0)
        #expect(KafkaConsumer.pollTimeoutMilliseconds(.milliseconds(-5)) == 0)
    }

    @Test func pollTimeoutClampsToInt32() {
        #expect(KafkaConsumer.pollTimeoutMilliseconds(.seconds(Int64(Int32.max))) == Int32.max)
    }
}
