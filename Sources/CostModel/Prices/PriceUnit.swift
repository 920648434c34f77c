import Foundation

/// The unit a price is quoted in, as written in a price file.
public enum PriceUnit: Sendable, Equatable {
    /// `GB`: a gigabyte of the sheet's ``PriceSheet/gigabyteBytes``.
    case gigabyte
    /// `GB-day`: a gigabyte held for one day.
    case gigabyteDay
    /// `GB-month`: a gigabyte held for a month of ``CostSettings/daysPerMonth`` days.
    case gigabyteMonth
    /// `1M <things>`, such as `1M requests`: a million counted things.
    case million(String)
    /// `shard-day`: one active shard for one day.
    case shardDay
    /// `<X>-hour`, such as `TU-hour`: one Event Hubs unit held for an hour.
    case unitHour(String)

    /// Parses the unit text of a price file, or returns nil for an unknown unit.
    public init?(text: String) {
        switch text {
        case "GB": self = .gigabyte
        case "GB-day": self = .gigabyteDay
        case "GB-month": self = .gigabyteMonth
        case "shard-day": self = .shardDay
        default:
            if text.hasPrefix("1M "), text.count > 3 {
                self = .million(String(text.dropFirst(3)))
            } else if text.hasSuffix("-hour"), text.count > 5, !text.contains(" ") {
                self = .unitHour(String(text.dropLast(5)))
            } else {
                return nil
            }
        }
    }

    /// The unit as a price file writes it.
    public var text: String {
        switch self {
        case .gigabyte: "GB"
        case .gigabyteDay: "GB-day"
        case .gigabyteMonth: "GB-month"
        case .million(let things): "1M \(things)"
        case .shardDay: "shard-day"
        case .unitHour(let unit): "\(unit)-hour"
        }
    }

    /// The meter dimension this unit measures.
    public var dimension: UsageDimension {
        switch self {
        case .gigabyte: .bytes
        case .gigabyteDay, .gigabyteMonth: .byteDays
        case .million: .count
        case .shardDay: .shardDays
        case .unitHour: .unitHours
        }
    }

    /// Converts a meter value (bytes, byte-days, a count, shard-days or unit-hours) into this unit.
    public func quantity(of meterValue: Decimal, gigabyteBytes: Decimal, daysPerMonth: Int) -> Decimal {
        switch self {
        case .gigabyte, .gigabyteDay: meterValue / gigabyteBytes
        case .gigabyteMonth: meterValue / gigabyteBytes / Decimal(daysPerMonth)
        case .million: meterValue / 1_000_000
        case .shardDay, .unitHour: meterValue
        }
    }
}
