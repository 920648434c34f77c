/// A parser for the time formats found in Azure log records.
///
/// Two forms are accepted, with surrounding spaces ignored:
/// - ISO 8601 / RFC 3339: `yyyy-MM-ddTHH:mm:ss`, with `T`, `t` or a space between date and time, then an
///   optional fraction of any length, then `Z`, `z`, `±hh:mm`, `±hhmm`, `±hh` or no zone at all.
///   Examples: `2026-03-01T10:00:00.1234567Z`, `2026-03-01T10:02:00.992099+00:00`, `2007-01-09T09:41:00`.
/// - US: `M/d/yyyy h:mm:ss` with one- or two-digit month, day and hour, then an optional fraction, an
///   optional `AM`/`PM` in any case and an optional zone after a space. With `AM`/`PM` the hour is 1 to 12.
///   Examples: `3/1/2026 10:00:00 AM`, `01/09/2007 09:41:00`, `1/9/2007 10:41:00 AM +01:00`.
///
/// A value without a zone is taken as UTC. The result is converted to UTC. Fractions are truncated to
/// nanoseconds, never rounded, and more than 9 digits are accepted but only 9 are kept. Out-of-range
/// fields (month 13, February 30, hour 24, second 60 or more) make the value unparseable.
enum TimestampParser {
    static func parse(_ text: String) -> UTCTimestamp? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> UTCTimestamp? {
        var start = 0
        var end = bytes.count
        while start < end && bytes[start] == ASCII.space { start += 1 }
        while end > start && bytes[end - 1] == ASCII.space { end -= 1 }

        var cursor = ByteCursor(bytes: UnsafeBufferPointer(rebasing: bytes[start..<end]))
        if let timestamp = parseISO8601(&cursor) {
            return timestamp
        }
        cursor.index = 0
        return parseUS(&cursor)
    }

    private static func parseISO8601(_ cursor: inout ByteCursor) -> UTCTimestamp? {
        guard let year = cursor.digits(exactly: 4), cursor.consume(ASCII.minus),
              let month = cursor.digits(exactly: 2), cursor.consume(ASCII.minus),
              let day = cursor.digits(exactly: 2)
        else { return nil }

        guard cursor.consume(0x54) || cursor.consume(0x74) || cursor.consume(ASCII.space) else {  // T, t
            return nil
        }
        guard let hour = cursor.digits(exactly: 2), cursor.consume(ASCII.colon),
              let minute = cursor.digits(exactly: 2), cursor.consume(ASCII.colon),
              let second = cursor.digits(exactly: 2)
        else { return nil }

        let fraction = cursor.fraction()
        guard let offsetSeconds = cursor.zoneOffsetSeconds(), cursor.isAtEnd else {
            return nil
        }
        return makeTimestamp(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            fraction: fraction, offsetSeconds: offsetSeconds
        )
    }

    private static func parseUS(_ cursor: inout ByteCursor) -> UTCTimestamp? {
        guard let month = cursor.digits(from: 1, to: 2), cursor.consume(ASCII.slash),
              let day = cursor.digits(from: 1, to: 2), cursor.consume(ASCII.slash),
              let year = cursor.digits(exactly: 4), cursor.consumeSpaces(),
              var hour = cursor.digits(from: 1, to: 2), cursor.consume(ASCII.colon),
              let minute = cursor.digits(exactly: 2), cursor.consume(ASCII.colon),
              let second = cursor.digits(exactly: 2)
        else { return nil }

        let fraction = cursor.fraction()
        let beforeMeridiem = cursor.index
        if cursor.consumeSpaces(), let isPM = cursor.meridiem() {
            guard (1...12).contains(hour) else {
                return nil
            }
            hour = hour % 12 + (isPM ? 12 : 0)
        } else {
            cursor.index = beforeMeridiem
        }

        var offsetSeconds = 0
        if cursor.consumeSpaces() {
            guard let offset = cursor.zoneOffsetSeconds() else {
                return nil
            }
            offsetSeconds = offset
        }
        guard cursor.isAtEnd else {
            return nil
        }
        return makeTimestamp(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            fraction: fraction, offsetSeconds: offsetSeconds
        )
    }

    private static func makeTimestamp(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int,
        fraction: (nanoseconds: UInt32, digits: Int), offsetSeconds: Int
    ) -> UTCTimestamp? {
        guard year >= 1, (1...12).contains(month), day >= 1,
              day <= CivilCalendar.daysInMonth(year: year, month: month),
              hour < 24, minute < 60, second < 60
        else { return nil }

        let days = CivilCalendar.daysSinceEpoch(year: year, month: month, day: day)
        let localSeconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return UTCTimestamp(
            secondsSinceEpoch: localSeconds - Int64(offsetSeconds),
            nanoseconds: fraction.nanoseconds,
            fractionDigits: fraction.digits
        )
    }
}

/// A read position in the bytes of one timestamp text.
private struct ByteCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    var isAtEnd: Bool { index == bytes.count }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else {
            return false
        }
        index += 1
        return true
    }

    /// Consumes one or more spaces and returns whether there were any.
    mutating func consumeSpaces() -> Bool {
        let start = index
        while index < bytes.count && bytes[index] == ASCII.space {
            index += 1
        }
        return index > start
    }

    mutating func digits(exactly count: Int) -> Int? {
        digits(from: count, to: count)
    }

    /// Consumes up to `maximum` ASCII digits and returns their value, or nil when fewer than `minimum` were
    /// present. A longer digit run is left for the next field check to reject.
    mutating func digits(from minimum: Int, to maximum: Int) -> Int? {
        var value = 0
        var count = 0
        while count < maximum, index < bytes.count, ASCII.isDigit(bytes[index]) {
            value = value * 10 + Int(bytes[index] - ASCII.zero)
            index += 1
            count += 1
        }
        return count >= minimum ? value : nil
    }

    /// Consumes an optional `.` or `,` followed by digits and returns the truncated nanoseconds and the number
    /// of digits kept (at most 9). Without a fraction, returns zero digits.
    mutating func fraction() -> (nanoseconds: UInt32, digits: Int) {
        guard index + 1 < bytes.count, bytes[index] == ASCII.period || bytes[index] == ASCII.comma,
              ASCII.isDigit(bytes[index + 1])
        else { return (0, 0) }

        index += 1
        var nanoseconds: UInt32 = 0
        var keptDigits = 0
        while index < bytes.count && ASCII.isDigit(bytes[index]) {
            if keptDigits < 9 {
                nanoseconds = nanoseconds * 10 + UInt32(bytes[index] - ASCII.zero)
                keptDigits += 1
            }
            index += 1
        }
        for _ in keptDigits..<9 {
            nanoseconds *= 10
        }
        return (nanoseconds, keptDigits)
    }

    /// Consumes `AM` or `PM` in any case and returns whether it was PM.
    mutating func meridiem() -> Bool? {
        guard index + 1 < bytes.count, ASCII.lowercased(bytes[index + 1]) == 0x6D else {  // m
            return nil
        }
        let isPM: Bool
        switch ASCII.lowercased(bytes[index]) {
        case ASCII.lowercaseA: isPM = false
        case 0x70: isPM = true  // p
        default: return nil
        }
        index += 2
        return isPM
    }

    /// Consumes a zone designator and returns its offset from UTC in seconds: 0 for `Z`, `z` or no zone at
    /// all, the signed offset for `±hh:mm`, `±hhmm` or `±hh`. Returns nil for a malformed designator.
    mutating func zoneOffsetSeconds() -> Int? {
        guard index < bytes.count else {
            return 0
        }
        let sign: Int
        switch bytes[index] {
        case ASCII.uppercaseZ, ASCII.lowercaseZ:
            index += 1
            return 0
        case ASCII.plus: sign = 1
        case ASCII.minus: sign = -1
        default: return nil
        }
        index += 1

        guard let hours = digits(exactly: 2), hours < 24 else {
            return nil
        }
        var minutes = 0
        if consume(ASCII.colon) || (index < bytes.count && ASCII.isDigit(bytes[index])) {
            guard let value = digits(exactly: 2), value < 60 else {
                return nil
            }
            minutes = value
        }
        return sign * (hours * 3600 + minutes * 60)
    }
}
