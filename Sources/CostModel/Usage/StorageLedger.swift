import Foundation

/// Bytes of one day's writes held in storage on a given day.
public struct StorageSlice: Sendable, Equatable {
    public var tier: StorageTier
    /// Days since the bytes were written: 0 on the day of writing.
    public var ageDays: Int
    public var bytes: Decimal

    public init(tier: StorageTier, ageDays: Int, bytes: Decimal) {
        self.tier = tier
        self.ageDays = ageDays
        self.bytes = bytes
    }
}

/// Turns bytes written per day into bytes held per day, tier and age: the basis of GB-day prices.
///
/// SLS measures storage once a day. The ledger counts bytes written on a day as held on that day (age 0), so a
/// retention of R days keeps each day's bytes for R days. That matches SLS's billing example 2, where 23.72 GB
/// written per day with a 3-day retention period is billed as 71.16 GB of storage per day.
public enum StorageLedger {
    /// Returns the slices held on `day` from writes of the days in `additions` (days since 1970-01-01 mapped to
    /// bytes). Writes after `day` do not count.
    public static func slices(on day: Int64, additions: [Int64: Decimal], policy: StoragePolicy) -> [StorageSlice] {
        var slices: [StorageSlice] = []
        for (writtenOn, bytes) in additions.sorted(by: { $0.key > $1.key }) where writtenOn <= day && bytes != 0 {
            let age = day - writtenOn
            guard age < Int64(policy.billedDays), let tier = policy.tier(atAge: Int(age)) else { continue }
            slices.append(StorageSlice(tier: tier, ageDays: Int(age), bytes: bytes))
        }
        return slices
    }

    /// Returns the slices held on any day once the same bytes have been written every day for longer than the
    /// policy keeps them (the steady state of a projection).
    public static func steadyState(dailyBytes: Decimal, policy: StoragePolicy) -> [StorageSlice] {
        guard dailyBytes != 0 else { return [] }
        return (0..<policy.billedDays).compactMap { age in
            policy.tier(atAge: age).map { StorageSlice(tier: $0, ageDays: age, bytes: dailyBytes) }
        }
    }

    /// Sums the bytes of `slices` in `tier` that are at least `fromAgeDays` old.
    public static func bytes(in slices: [StorageSlice], tier: StorageTier, fromAgeDays: Int) -> Decimal {
        slices.reduce(Decimal(0)) { sum, slice in
            slice.tier == tier && slice.ageDays >= fromAgeDays ? sum + slice.bytes : sum
        }
    }
}
