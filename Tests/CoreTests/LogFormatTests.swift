import Foundation
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

    /// The pass over the whole line must not take the backslash of an escaped quote for a credential's value.
    @Test func credentialInQuotedValueKeepsEscaping() throws {
        let record = LogRecord(timestamp: 0, level: .error, label: "kafka", message: "rejected",
                               metadata: ["error": #"property password="hunter2" rejected"#])

        let logfmt = LogFormat.logfmt.render(record)
        let json = LogFormat.json.render(record)

        #expect(!logfmt.contains("hunter2"))
        #expect(!json.contains("hunter2"))
        #expect(logfmt.hasSuffix(#"error="property password=\"<redacted>\" rejected""#))
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(object?["error"] as? String == #"property password="<redacted>" rejected"#)
    }

    @Test func logfmtEscapesControlCharacters() {
        let record = LogRecord(timestamp: 0, level: .warning, label: "sls", message: "body",
                               metadata: ["error": "\u{1B}[31mred\u{7F}\u{0B}"])

        let line = LogFormat.logfmt.render(record)

        #expect(line.hasSuffix(#"error="\x1b[31mred\x7f\x0b""#))
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
    }

    @Test func logfmtEscapesC1AndBidiControls() {
        let record = LogRecord(timestamp: 0, level: .warning, label: "sls", message: "body",
                               metadata: ["error": "a\u{202E}b\u{85}c"])

        let line = LogFormat.logfmt.render(record)

        #expect(line.hasSuffix(#"error="a\u202eb\u0085c""#))
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
