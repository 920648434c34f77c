import Foundation

/// The length of an observation window as report text: seconds below a minute, minutes below an hour, hours
/// beyond, such as `16.1 seconds`, `12.5 minutes` or `3.25 hours`.
public enum WindowText {
    public static func length(milliseconds: Int64) -> String {
        if milliseconds < 1_000 {
            return counted(Decimal(milliseconds), "millisecond", maxPlaces: 0)
        }
        if milliseconds < 60_000 {
            return counted(Decimal(milliseconds) / 1_000, "second", maxPlaces: 1)
        }
        if milliseconds < 3_600_000 {
            return counted(Decimal(milliseconds) / 60_000, "minute", maxPlaces: 1)
        }
        return counted(Decimal(milliseconds) / 3_600_000, "hour", maxPlaces: 2)
    }

    static func counted(_ value: Decimal, _ unit: String, maxPlaces: Int) -> String {
        let text = DecimalText.plain(value, maxPlaces: maxPlaces)
        return "\(text) \(unit)\(text == "1" ? "" : "s")"
    }
}
