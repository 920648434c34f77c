import Core
import Testing
@testable import Bridge

@Suite struct OperationsStatusLineTests {
    private func status(records: UInt64, bytes: UInt64, lag: Int64? = 42, ready: Bool = true) -> BridgeStatus {
        BridgeStatus(recordsIn: records, bytesIn: bytes, lag: lag, recordsInFlight: 7, errors: 2, isReady: ready)
    }

    @Test func formatterShowsRatesOverInterval() {
        let line = StatusLineFormatter.line(
            previous: status(records: 1_000, bytes: 2_000_000), current: status(records: 3_000, bytes: 7_000_000), seconds: 2
        )
        #expect(line == "records/s 1000 | MB/s 2.50 | lag 42 | in flight 7 | errors 2 | ready")
    }

    @Test func formatterMarksMissingLagAndNotReady() {
        let line = StatusLineFormatter.line(previous: nil, current: status(records: 10, bytes: 5_000, lag: nil, ready: false),
                                            seconds: 1)
        #expect(line == "records/s 10 | MB/s 0.01 | lag - | in flight 7 | errors 2 | NOT READY")
    }

    @Test func statusLineRedrawsAroundInterruptions() {
        let written = Locked<[String]>([])
        let statusLine = StatusLine { text in written.withLock { $0.append(text) } }
        statusLine.refresh(with: status(records: 5, bytes: 0), nowNanoseconds: 1_000_000_000)
        statusLine.interrupt { written.withLock { $0.append("LOG\n") } }
        statusLine.stop()

        let output = written.withLock { $0 }
        #expect(output.count == 5)
        #expect(output[0].hasPrefix(StatusLine.clearSequence + "records/s 5 |"))
        #expect(output[1] == StatusLine.clearSequence)
        #expect(output[2] == "LOG\n")
        #expect(output[3].hasPrefix("records/s 5 |"))
        #expect(output[4] == StatusLine.clearSequence)
    }

    @Test func logSinkWritesThroughInterruption() {
        let written = Locked<[String]>([])
        let statusLine = StatusLine { text in written.withLock { $0.append(text) } }
        let base = CapturingLogSink()
        let sink = StatusLineLogSink(base: base, statusLine: statusLine)
        sink.write(LogRecord(timestamp: 0, level: .info, label: "t", message: "hello", metadata: [:]))
        #expect(base.lines.count == 1)
        #expect(written.withLock { $0 }.isEmpty)
    }
}
