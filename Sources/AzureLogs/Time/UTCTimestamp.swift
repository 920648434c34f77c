/// A point in time in UTC with nanosecond resolution, and how many fractional-second digits its source had.
struct UTCTimestamp: Equatable, Sendable {
    /// Whole seconds since 1970-01-01T00:00:00Z (negative before it).
    var secondsSinceEpoch: Int64
    /// The sub-second part, 0 to 999,999,999 nanoseconds, truncated from the source.
    var nanoseconds: UInt32
    /// Fractional-second digits of the source text (0 to 9), which ``rfc3339`` reproduces.
    var fractionDigits: Int

    init(secondsSinceEpoch: Int64, nanoseconds: UInt32, fractionDigits: Int) {
        self.secondsSinceEpoch = secondsSinceEpoch
        self.nanoseconds = nanoseconds
        self.fractionDigits = fractionDigits
    }

    /// A timestamp in milliseconds since the epoch, such as a Kafka record timestamp, with 3 fractional digits.
    init(millisecondsSinceEpoch milliseconds: Int64) {
        var seconds = milliseconds / 1000
        var remainder = milliseconds % 1000
        if remainder < 0 {
            seconds -= 1
            remainder += 1000
        }
        self.init(secondsSinceEpoch: seconds, nanoseconds: UInt32(remainder) * 1_000_000, fractionDigits: 3)
    }

    /// The time as RFC 3339 text in UTC with ``fractionDigits`` digits, for example `2026-03-01T10:00:00.1234567Z`.
    var rfc3339: String {
        let days = secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : (secondsSinceEpoch - 86_399) / 86_400
        let secondOfDay = Int(secondsSinceEpoch - days * 86_400)
        let date = CivilCalendar.date(daysSinceEpoch: days)

        var text = ""
        text.reserveCapacity(30)
        text += Self.padded(date.year, digits: 4)
        text += "-" + Self.padded(date.month, digits: 2)
        text += "-" + Self.padded(date.day, digits: 2)
        text += "T" + Self.padded(secondOfDay / 3600, digits: 2)
        text += ":" + Self.padded(secondOfDay / 60 % 60, digits: 2)
        text += ":" + Self.padded(secondOfDay % 60, digits: 2)
        if fractionDigits > 0 {
            let allDigits = Self.padded(Int(nanoseconds), digits: 9)
            text += "." + allDigits.prefix(fractionDigits)
        }
        text += "Z"
        return text
    }

    private static func padded(_ value: Int, digits: Int) -> String {
        let text = String(value)
        return text.count >= digits ? text : String(repeating: "0", count: digits - text.count) + text
    }
}
