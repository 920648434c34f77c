/// A parser for times written as a count since the UNIX epoch, as JSON numbers or digit strings.
///
/// The unit follows from the number of integer digits, which covers the years 2001 to 2286 for each unit:
/// 10 digits are seconds (with an optional fraction of up to 9 digits kept), 13 milliseconds, 16
/// microseconds and 19 nanoseconds. Anything else, a sign or an exponent included, is rejected, so that
/// short numbers such as `20180719` are not read as times in 1970.
enum EpochTimestampParser {
    static func parse(_ text: String) -> UTCTimestamp? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> UTCTimestamp? {
        var start = 0
        var end = bytes.count
        while start < end && bytes[start] == ASCII.space { start += 1 }
        while end > start && bytes[end - 1] == ASCII.space { end -= 1 }

        var index = start
        // At most 19 digits, whose value always fits in a UInt64.
        var integer: UInt64 = 0
        while index < end && ASCII.isDigit(bytes[index]) && index - start < 19 {
            integer = integer * 10 + UInt64(bytes[index] - ASCII.zero)
            index += 1
        }
        let integerDigits = index - start

        var fraction: UInt32 = 0
        var fractionDigits = 0
        if index < end && bytes[index] == ASCII.period {
            index += 1
            let fractionStart = index
            while index < end && ASCII.isDigit(bytes[index]) {
                if fractionDigits < 9 {
                    fraction = fraction * 10 + UInt32(bytes[index] - ASCII.zero)
                    fractionDigits += 1
                }
                index += 1
            }
            guard index > fractionStart, integerDigits == 10 else {
                return nil
            }
        }
        guard index == end else {
            return nil
        }

        switch integerDigits {
        case 10:
            var nanoseconds = fraction
            for _ in fractionDigits..<9 {
                nanoseconds *= 10
            }
            return UTCTimestamp(
                secondsSinceEpoch: Int64(integer), nanoseconds: nanoseconds, fractionDigits: fractionDigits
            )
        case 13:
            return UTCTimestamp(millisecondsSinceEpoch: Int64(integer))
        case 16:
            return UTCTimestamp(
                secondsSinceEpoch: Int64(integer / 1_000_000), nanoseconds: UInt32(integer % 1_000_000) * 1000,
                fractionDigits: 6
            )
        case 19:
            return UTCTimestamp(
                secondsSinceEpoch: Int64(integer / 1_000_000_000), nanoseconds: UInt32(integer % 1_000_000_000),
                fractionDigits: 9
            )
        default:
            return nil
        }
    }
}
