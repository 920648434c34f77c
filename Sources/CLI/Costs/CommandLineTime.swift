import Foundation

/// Durations and dates as the commands accept them on the command line.
enum CommandLineTime {
    /// Parses a duration into milliseconds: a bare number of seconds (`90`), or one or more parts of a whole
    /// number and a unit from largest to smallest, each unit at most once: `500ms`, `90s`, `10m`, `2h`,
    /// `1m30s`, `1h30m`. Throws a usage error naming `option` for anything else and for a duration of zero.
    static func milliseconds(_ text: String, option: String) throws(UsageError) -> Int {
        let invalid = UsageError("--\(option) must be a positive duration such as 90s, 1m30s, 10m or 2h, not `\(text)`.")
        if let seconds = Int(text) {
            guard seconds > 0, seconds <= Int.max / 1_000 else { throw invalid }
            return seconds * 1_000
        }

        // Units in the order they may appear, so each part's unit must come after the previous part's.
        let units: [(name: String, factor: Int)] = [("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1)]
        var total = 0
        var nextUnit = 0
        var rest = Substring(text)
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(digits.count)
            let name = rest.prefix { $0.isASCII && $0.isLetter }
            rest = rest.dropFirst(name.count)
            guard let value = Int(digits),
                  let unit = units[nextUnit...].firstIndex(where: { $0.name == name })
            else { throw invalid }
            let (product, productOverflow) = value.multipliedReportingOverflow(by: units[unit].factor)
            let (sum, sumOverflow) = total.addingReportingOverflow(product)
            guard !productOverflow, !sumOverflow else { throw invalid }
            total = sum
            nextUnit = unit + 1
        }
        guard total > 0 else { throw invalid }
        return total
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
