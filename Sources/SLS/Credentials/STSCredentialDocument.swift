import Core
import Foundation

/// Temporary credentials as JSON, in the form the ECS instance metadata service returns for a RAM role:
///
/// ```json
/// {"AccessKeyId": "STS.example", "AccessKeySecret": "...", "SecurityToken": "...",
///  "Expiration": "2026-01-01T12:00:00Z", "Code": "Success"}
/// ```
///
/// `Expiration` (ISO 8601, UTC or with an offset) may be absent for credentials that do not expire; `Code`, when
/// present, must be `Success`. Other members are ignored.
public struct STSCredentialDocument: Sendable {
    public var credentials: SLSCredentials
    /// The end of validity in seconds since the Unix epoch, or nil when the document has no `Expiration`.
    public var expiration: Int64?

    public init(credentials: SLSCredentials, expiration: Int64?) {
        self.credentials = credentials
        self.expiration = expiration
    }

    /// Parses the JSON bytes read from `source` (a path or URL, used in errors only).
    ///
    /// - Throws: ``CredentialError/invalidDocument(source:reason:)`` naming the missing or malformed member. The
    ///   reason never quotes a value, because values are secrets.
    public static func parse(_ bytes: [UInt8], source: String) throws(CredentialError) -> STSCredentialDocument {
        let parsed = try? JSONSerialization.jsonObject(with: Data(bytes))
        guard let object = parsed as? [String: Any] else {
            throw .invalidDocument(source: source, reason: "the content is not a JSON object")
        }

        if let code = object["Code"] {
            guard let text = code as? String, text == "Success" else {
                throw .invalidDocument(source: source, reason: "Code is not \"Success\"")
            }
        }

        func text(_ name: String) throws(CredentialError) -> String {
            guard let value = object[name] as? String, !value.isEmpty else {
                throw .invalidDocument(source: source, reason: "\(name) is missing or not a non-empty string")
            }
            return value
        }
        let accessKeyID = try text("AccessKeyId")
        let accessKeySecret = try text("AccessKeySecret")
        let securityToken = try text("SecurityToken")

        var expiration: Int64?
        if object["Expiration"] != nil {
            let expirationText = try text("Expiration")
            guard let seconds = parseTimestamp(expirationText) else {
                throw .invalidDocument(source: source, reason: "Expiration \"\(expirationText)\" is not an ISO 8601 "
                    + "time such as 2026-01-01T12:00:00Z")
            }
            expiration = seconds
        }

        let credentials = SLSCredentials(
            accessKeyID: accessKeyID, accessKeySecret: Secret(accessKeySecret, rotation: "\(source) AccessKeySecret"),
            securityToken: Secret(securityToken, rotation: "\(source) SecurityToken")
        )
        return STSCredentialDocument(credentials: credentials, expiration: expiration)
    }

    /// Returns the document as JSON in the ECS form, with `Code` set to `Success` and `Expiration` in UTC, for local
    /// servers and tests. The bytes contain the secret and the token.
    public func encoded() -> [UInt8] {
        var object: [String: String] = [
            "AccessKeyId": credentials.accessKeyID,
            "AccessKeySecret": credentials.accessKeySecret.revealed(),
            "Code": "Success",
        ]
        if let token = credentials.securityToken {
            object["SecurityToken"] = token.revealed()
        }
        if let expiration {
            object["Expiration"] = Self.formatTimestamp(expiration)
        }
        // JSONSerialization fails only for values JSON cannot represent, and Swift strings always can be.
        return Array(try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    /// Formats seconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SSZ`, the `Expiration` form of ECS.
    public static func formatTimestamp(_ seconds: Int64) -> String {
        let basic = SLSDate.iso8601Basic(seconds)
        let digits = Array(basic)
        let date = "\(String(digits[0..<4]))-\(String(digits[4..<6]))-\(String(digits[6..<8]))"
        let time = "\(String(digits[9..<11])):\(String(digits[11..<13])):\(String(digits[13..<15]))"
        return "\(date)T\(time)Z"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS`, optionally with a fraction of a second (dropped), then `Z` or `±HH:MM`, into
    /// seconds since the Unix epoch. Returns nil for any other form.
    static func parseTimestamp(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":")
        else { return nil }

        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), day >= 1, day <= CivilTime.daysInMonth(year: Int64(year), month: month),
              hour < 24, minute < 60, second < 60
        else { return nil }

        var index = 19
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                index += 1
            }
            guard index > fractionStart, index < bytes.count else { return nil }
        }

        var offsetSeconds = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index == bytes.count - 1 else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard bytes.count - index == 6, bytes[index + 3] == UInt8(ascii: ":"),
                  let offsetHours = number(index + 1..<index + 3), let offsetMinutes = number(index + 4..<index + 6),
                  offsetHours < 24, offsetMinutes < 60
            else { return nil }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        default:
            return nil
        }

        let local = CivilTime(year: Int64(year), month: month, day: day, hour: hour, minute: minute, second: second)
        return local.secondsSinceEpoch - Int64(offsetSeconds)
    }
}
