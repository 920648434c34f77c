/// A UTC time in 100-nanosecond ticks since the UNIX epoch (the resolution of .NET's `DateTime`, which Azure
/// services use), with the text forms that Azure records carry.
struct CorpusTime: Comparable {
    static let ticksPerSecond: Int64 = 10_000_000

    var ticks: Int64

    init(ticks: Int64) {
        self.ticks = ticks
    }

    init(seconds: Int64) {
        self.ticks = seconds * Self.ticksPerSecond
    }

    static func < (left: CorpusTime, right: CorpusTime) -> Bool { left.ticks < right.ticks }

    func adding(milliseconds: Int) -> CorpusTime {
        CorpusTime(ticks: ticks + Int64(milliseconds) * 10_000)
    }

    func adding(ticks more: Int64) -> CorpusTime {
        CorpusTime(ticks: ticks + more)
    }

    var wholeSeconds: Int64 { ticks / Self.ticksPerSecond }

    /// `2026-03-01T10:00:00.1234567Z`: 7 fractional digits and `Z`, the common form.
    var iso7Z: String { isoDateTime() + "." + fraction(digits: 7) + "Z" }

    /// `2026-03-01T10:00:00.1234567+00:00`.
    var iso7Offset: String { isoDateTime() + "." + fraction(digits: 7) + "+00:00" }

    /// `2026-03-01T10:00:00.123456+00:00`: 6 digits, as Azure Firewall writes.
    var iso6Offset: String { isoDateTime() + "." + fraction(digits: 6) + "+00:00" }

    /// `2026-03-01T10:00:00.123456Z`: 6 digits, as Kubernetes audit events write.
    var iso6Z: String { isoDateTime() + "." + fraction(digits: 6) + "Z" }

    /// `3/1/2026 10:00:00 AM`: the US form of some Entra ID and Storage fields, without a zone.
    var usForm: String {
        let civil = civilTime()
        let hour12 = civil.hour % 12 == 0 ? 12 : civil.hour % 12
        let meridiem = civil.hour < 12 ? "AM" : "PM"
        return "\(civil.month)/\(civil.day)/\(civil.year) \(hour12):\(pad(civil.minute, 2)):\(pad(civil.second, 2)) \(meridiem)"
    }

    private func isoDateTime() -> String {
        let civil = civilTime()
        return "\(pad(civil.year, 4))-\(pad(civil.month, 2))-\(pad(civil.day, 2))T"
            + "\(pad(civil.hour, 2)):\(pad(civil.minute, 2)):\(pad(civil.second, 2))"
    }

    private func fraction(digits: Int) -> String {
        let ticksOfSecond = Int(ticks % Self.ticksPerSecond)
        var divisor = 1
        for _ in 0..<(7 - digits) { divisor *= 10 }
        return pad(ticksOfSecond / divisor, digits)
    }

    /// Converts to the proleptic Gregorian calendar (days-from-civil inverse, valid for any year after 1970).
    private func civilTime() -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let seconds = Int(wholeSeconds)
        let days = seconds / 86_400
        let secondOfDay = seconds % 86_400

        let shifted = days + 719_468
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60)
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
