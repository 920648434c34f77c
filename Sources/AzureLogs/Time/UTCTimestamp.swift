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
        String(unsafeUninitializedCapacity: rfc3339ByteCount) { output in
            writeRFC3339(into: output)
            return rfc3339ByteCount
        }
    }

    /// The length of ``rfc3339`` in bytes: 20, plus a period and the digits when there are fractional digits.
    var rfc3339ByteCount: Int {
        let digits = min(max(fractionDigits, 0), 9)
        return digits > 0 ? 21 + digits : 20
    }

    /// Writes ``rfc3339`` to the start of `output`, which needs room for ``rfc3339ByteCount`` bytes.
    func writeRFC3339(into output: UnsafeMutableBufferPointer<UInt8>) {
        precondition(output.count >= rfc3339ByteCount, "output too small for an RFC 3339 time")
        let days = secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : (secondsSinceEpoch - 86_399) / 86_400
        let secondOfDay = Int(secondsSinceEpoch - days * 86_400)
        let date = CivilCalendar.date(daysSinceEpoch: days)
        let digits = min(max(fractionDigits, 0), 9)
        let year = abs(date.year) % 10_000

        Self.writeTwoDigits(year / 100, into: output, at: 0)
        Self.writeTwoDigits(year % 100, into: output, at: 2)
        output[4] = ASCII.minus
        Self.writeTwoDigits(date.month, into: output, at: 5)
        output[7] = ASCII.minus
        Self.writeTwoDigits(date.day, into: output, at: 8)
        output[10] = 0x54  // T
        Self.writeTwoDigits(secondOfDay / 3600, into: output, at: 11)
        output[13] = ASCII.colon
        Self.writeTwoDigits(secondOfDay / 60 % 60, into: output, at: 14)
        output[16] = ASCII.colon
        Self.writeTwoDigits(secondOfDay % 60, into: output, at: 17)
        var end = 19
        if digits > 0 {
            output[19] = ASCII.period
            // Truncates the nanoseconds to `digits` digits, then writes them from the last one back.
            var fraction = Int(nanoseconds) / Self.powersOfTen[9 - digits]
            var position = 19 + digits
            while position > 20 {
                let pair = fraction % 100
                fraction /= 100
                Self.writeTwoDigits(pair, into: output, at: position - 1)
                position -= 2
            }
            if position == 20 {
                output[20] = UInt8(truncatingIfNeeded: fraction % 10) + ASCII.zero
            }
            end = 20 + digits
        }
        output[end] = ASCII.uppercaseZ
    }

    private static let powersOfTen = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000]

    /// Writes `value`, 0 to 99, as two decimal digits at `start`.
    @inline(__always)
    private static func writeTwoDigits(_ value: Int, into output: UnsafeMutableBufferPointer<UInt8>, at start: Int) {
        let tens = value / 10
        output[start] = UInt8(truncatingIfNeeded: tens) + ASCII.zero
        output[start + 1] = UInt8(truncatingIfNeeded: value - tens * 10) + ASCII.zero
    }
}
