import Foundation

/// Durations and dates as the cost commands accept them.
enum CommandLineTime {
    /// Parses a duration such as `500ms`, `90s`, `10m` or `2h` (a bare number is seconds) into milliseconds.
    static func milliseconds(_ text: String, option: String) throws(UsageError) -> Int {
        let units: [(suffix: String, factor: Int)] = [("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000)]
        var number = text
        var factor = 1_000
        for unit in units where text.hasSuffix(unit.suffix) {
            number = String(text.dropLast(unit.suffix.count))
            factor = unit.factor
            break
        }
        guard let value = Int(number), value > 0, value <= Int.max / factor else {
            throw UsageError("--\(option) must be a positive duration such as 90s, 10m or 2h, not `\(text)`.")
        }
        return value * factor
    }

    /// Parses a UTC date `YYYY-MM-DD` into milliseconds since the Unix epoch at its first instant.
    static func dayStart(_ text: String, option: String) throws(UsageError) -> Int64 {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 3, text.count == 10, let year = parts[0], let month = parts[1], let day = parts[2],
              (1...12).contains(month), (1...31).contains(day)
        else {
            throw UsageError("--\(option) must be a date written YYYY-MM-DD (UTC), not `\(text)`.")
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components), calendar.component(.day, from: date) == day else {
            throw UsageError("--\(option) names no calendar day: `\(text)`.")
        }
        return Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}
