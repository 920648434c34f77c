/// The two date formats of SLS requests, always in UTC.
public enum SLSDate {
    private static let weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Formats seconds since the Unix epoch as RFC 1123 with a zero-padded day, as the SDKs send `Date`:
    /// `Sun, 03 Jan 2010 08:33:47 GMT`.
    public static func rfc1123(_ seconds: Int64) -> String {
        let time = CivilTime(secondsSinceEpoch: seconds)
        return "\(weekdayNames[time.weekday]), \(padded(time.day)) \(monthNames[time.month - 1]) "
            + "\(padded(time.year, digits: 4)) \(padded(time.hour)):\(padded(time.minute)):\(padded(time.second)) GMT"
    }

    /// Formats seconds since the Unix epoch as ISO 8601 basic format, the v4 `x-log-date`: `20220808T032330Z`.
    public static func iso8601Basic(_ seconds: Int64) -> String {
        let time = CivilTime(secondsSinceEpoch: seconds)
        return "\(padded(time.year, digits: 4))\(padded(time.month))\(padded(time.day))"
            + "T\(padded(time.hour))\(padded(time.minute))\(padded(time.second))Z"
    }

    /// Parses an RFC 1123 date in GMT, such as a `Date` or v1 `x-log-date` header, into seconds since the
    /// Unix epoch.
    ///
    /// Accepts a one- or two-digit day (`Mon, 3 Jan 2010 08:33:47 GMT` appears in the SLS documentation).
    /// Returns nil for anything else, including an unknown weekday or month name, an impossible date, a
    /// second of 60, another time zone, or extra spaces. The weekday name is not checked against the date.
    public static func parseRFC1123(_ text: String) -> Int64? {
        let fields = text.split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 6, fields[5] == "GMT" else { return nil }

        let weekdayField = fields[0]
        guard weekdayField.hasSuffix(","), weekdayNames.contains(String(weekdayField.dropLast())) else { return nil }

        guard fields[1].count == 1 || fields[1].count == 2, let day = Int(digits: fields[1]),
              let monthIndex = monthNames.firstIndex(of: String(fields[2])),
              fields[3].count == 4, let year = Int(digits: fields[3])
        else { return nil }

        let clock = fields[4].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 }),
              let hour = Int(digits: clock[0]), let minute = Int(digits: clock[1]), let second = Int(digits: clock[2]),
              hour < 24, minute < 60, second < 60
        else { return nil }

        let month = monthIndex + 1
        guard day >= 1, day <= CivilTime.daysInMonth(year: Int64(year), month: month) else { return nil }

        return CivilTime(year: Int64(year), month: month, day: day, hour: hour, minute: minute, second: second)
            .secondsSinceEpoch
    }

    private static func padded<Number: BinaryInteger>(_ value: Number, digits: Int = 2) -> String {
        let text = String(value)
        return text.count >= digits ? text : String(repeating: "0", count: digits - text.count) + text
    }
}

extension Int {
    /// Parses ASCII decimal digits only, without the sign and whitespace that `Int(_:)` would accept.
    fileprivate init?(digits: Substring) {
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        self.init(digits)
    }
}
