/// The outcome of one step of `ehbridge check`.
public struct CheckResult: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable {
        case passed = "ok"
        /// The step worked, but something will cause trouble (a clock close to the SLS limit).
        case warning = "warn"
        case failed = "FAIL"
    }

    /// The part that was checked, such as `Event Hubs` or `SLS`.
    public var subject: String
    public var status: Status
    /// The finding of a passed step, or the diagnosis line of a warning or a failure.
    public var message: String
    public var diagnosis: Diagnosis?
    /// The underlying error text from librdkafka or libcurl, when there is one.
    public var detail: String?

    public init(subject: String, status: Status, message: String, diagnosis: Diagnosis? = nil, detail: String? = nil) {
        self.subject = subject
        self.status = status
        self.message = message
        self.diagnosis = diagnosis
        self.detail = detail
    }

    static func failed(_ subject: String, _ diagnosis: Diagnosis, detail: String?) -> CheckResult {
        CheckResult(subject: subject, status: .failed, message: diagnosis.line, diagnosis: diagnosis, detail: detail)
    }

    /// The output lines of the step: `[ok] subject: message`, and the detail indented below a failure.
    public var lines: [String] {
        var lines = ["[\(status.rawValue)] \(subject): \(message)"]
        if status != .passed, let detail, !detail.isEmpty {
            lines.append("       cause: \(detail)")
        }
        return lines
    }
}
