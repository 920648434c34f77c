/// Azure-shaped Kafka message values with a unique id in every record, so that a test can tell a lost
/// record from a duplicated one.
enum TestMessages {
    /// `count` envelopes of `recordsPerMessage` records each; `padding` adds that many characters to
    /// every record.
    static func envelopes(count: Int, recordsPerMessage: Int = 3, padding: Int = 0, prefix: String = "m") -> [[UInt8]?] {
        (0..<count).map { message in
            let records = (0..<recordsPerMessage).map { record in
                let id = "\(prefix)-\(message)-\(record)"
                let second = (message * recordsPerMessage + record) % 60
                return """
                    {"time":"2026-03-01T10:00:\(second < 10 ? "0" : "")\(second).123Z","resourceId":"/SUBSCRIPTIONS/00000000-1111-4222-8333-444444444444/RESOURCEGROUPS/RG-EXAMPLE/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV-EXAMPLE","operationName":"SecretGet","category":"AuditEvent","callerIpAddress":"203.0.113.\(message % 250)","correlationId":"\(id)","properties":{"id":"\(id)","padding":"\(String(repeating: "x", count: padding))"}}
                    """
            }
            return Array("{\"records\":[\(records.joined(separator: ","))]}".utf8)
        }
    }
}
