import Foundation

/// The value of every usage meter on one day, plus the storage slices held that day.
public struct UsageDay: Sendable, Equatable {
    /// The day, such as `2026-03-01`, or `day 1` in a projection.
    public var label: String
    /// The billing month the day belongs to, such as `2026-03`. Free quotas and monthly tiers apply per month.
    public var month: String
    /// Meter values other than the storage tiers.
    public var values: [UsageMeter: Decimal]
    /// The bytes held in storage that day, by tier and age.
    public var storage: [StorageSlice]

    public init(label: String, month: String, values: [UsageMeter: Decimal], storage: [StorageSlice]) {
        self.label = label
        self.month = month
        self.values = values
        self.storage = storage
    }

    /// The number of days of ``month`` when it is a calendar month (`YYYY-MM`), or nil for a projection's month.
    public var calendarMonthDays: Int? {
        let parts = month.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), let number = Int(parts[1]),
              (1...12).contains(number) else { return nil }
        switch number {
        case 2:
            let isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return isLeap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }

    /// Returns the value of `meter`. Storage tier meters count only slices at least `fromAgeDays` old.
    public func value(of meter: UsageMeter, fromAgeDays: Int = 0) -> Decimal {
        if let tier = StorageTier.allCases.first(where: { $0.meter == meter }) {
            return StorageLedger.bytes(in: storage, tier: tier, fromAgeDays: fromAgeDays)
        }
        return values[meter] ?? 0
    }
}

/// The Logstore facts a projection needs besides traffic.
public struct LogstoreAssumptions: Sendable, Equatable {
    public var policy: StoragePolicy
    public var activeShards: Int

    public init(policy: StoragePolicy, activeShards: Int) {
        self.policy = policy
        self.activeShards = activeShards
    }
}
