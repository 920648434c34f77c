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

    /// Creates a timestamp with 3 fractional digits from milliseconds since the epoch, such as a Kafka record
    /// timestamp.
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
    /// Years outside 0 to 9999 are written with their last four digits.
    var rfc3339: String {
        let days = secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : (secondsSinceEpoch - 86_399) / 86_400
        let secondOfDay = Int(secondsSinceEpoch - days * 86_400)
        let date = CivilCalendar.date(daysSinceEpoch: days)
        let digits = min(max(fractionDigits, 0), 9)

        return String(unsafeUninitializedCapacity: 30) { output in
            var index = 0
            func write(_ value: Int, width: Int) {
                var remaining = value
                for position in stride(from: index + width - 1, through: index, by: -1) {
                    output[position] = UInt8(truncatingIfNeeded: remaining % 10) + ASCII.zero
                    remaining /= 10
                }
                index += width
            }
            func write(_ byte: UInt8) {
                output[index] = byte
                index += 1
            }

            write(abs(date.year) % 10_000, width: 4)
            write(ASCII.minus)
            write(date.month, width: 2)
            write(ASCII.minus)
            write(date.day, width: 2)
            write(0x54)  // T
            write(secondOfDay / 3600, width: 2)
            write(ASCII.colon)
            write(secondOfDay / 60 % 60, width: 2)
            write(ASCII.colon)
            write(secondOfDay % 60, width: 2)
            if digits > 0 {
                write(ASCII.period)
                var fraction = Int(nanoseconds)
                for _ in digits..<9 {
                    fraction /= 10
                }
                write(fraction, width: digits)
            }
            write(ASCII.uppercaseZ)
            return index
        }
    }
}
