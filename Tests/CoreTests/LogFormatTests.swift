import Testing
@testable import Core

@Suite struct LogFormatTests {
    private let record = LogRecord(
        timestamp: 1_772_359_200.25, level: .warning, label: "sls", message: "request failed",
        metadata: ["sls.request_id": "5B0A6B60", "kafka.partition": 3, "error": "time out \"x\""]
    )

    @Test func logfmtQuotesAndSortsMetadata() {
        let line = LogFormat.logfmt.render(record)
        #expect(line == #"time=2026-03-01T10:00:00.250Z level=warning logger=sls msg="request failed" error="time out \"x\"" kafka.partition=3 sls.request_id=5B0A6B60"#)
    }

    @Test func jsonLineHasTypedValues() {
        let line = LogFormat.json.render(record)
        #expect(line == #"{"time":"2026-03-01T10:00:00.250Z","level":"warning","logger":"sls","msg":"request failed","error":"time out \"x\"","kafka.partition":3,"sls.request_id":"5B0A6B60"}"#)
    }

    @Test func loggerFiltersBelowMinimumLevel() {
        let sink = CapturingLogSink()
        let logger = Logger(label: "test", minimumLevel: .info, sink: sink)
        logger.debug("hidden")
        logger.info("shown", metadata: ["k": "v"])
        #expect(sink.lines.count == 1)
        #expect(sink.lines.first?.contains("msg=shown k=v") == true)
    }

    @Test(arguments: LogFormat.allCases)
    func renderRedactsEscapedSecret(format: LogFormat) {
        _ = Secret(#"t0ken"quo\te-value"#)
        let line = format.render(LogRecord(
            timestamp: 0, level: .error, label: "sls", message: #"bad token t0ken"quo\te-value"#,
            metadata: ["error": .string(#"bad token t0ken"quo\te-value for LOG id"#)]
        ))

        #expect(!line.contains("t0ken"))
        #expect(line.contains("bad token <redacted>"))
    }

    @Test func loggerRedactsSecretsInMetadata() {
        let sink = CapturingLogSink()
        let logger = Logger(label: "test", sink: sink)
        let secret = Secret("s3cr3t-token-value")
        logger.error("auth failed", metadata: ["detail": "token s3cr3t-token-value rejected", "secret": "\(secret)"])
        #expect(sink.lines.count == 1)
        #expect(!sink.lines[0].contains("s3cr3t-token-value"))
    }
}
