import Storage

/// How long a Logstore keeps data in which storage tier.
///
/// Data `age` days old (0 on the day it is written) is in the hot tier below ``hotDays``, in the archive tier
/// from ``archiveAfterDays``, in the infrequent access (IA) tier between the two, and deleted from
/// ``retentionDays`` on. SLS bills archived data for at least 60 days, so data archived for a shorter time is
/// billed as if it stayed 60 days (SLS tiered-storage page,
/// https://www.alibabacloud.com/help/en/sls/enable-hot-and-cold-tiered-storage-for-a-logstore, updated
/// 2026-02-28).
public struct StoragePolicy: Sendable, Hashable {
    public var retentionDays: Int
    public var hotDays: Int
    public var archiveAfterDays: Int?

    /// The minimum days SLS bills for archived data.
    public static let archiveMinimumDays = 60

    public init(retentionDays: Int, hotDays: Int? = nil, archiveAfterDays: Int? = nil) {
        self.retentionDays = retentionDays
        self.hotDays = hotDays ?? retentionDays
        self.archiveAfterDays = archiveAfterDays
    }

    public init(profile: MeterLogstoreProfile) {
        self.init(retentionDays: profile.retentionDays, hotDays: profile.hotDays, archiveAfterDays: profile.archiveAfterDays)
    }

    /// Whether data moves to the IA tier.
    public var usesInfrequentAccess: Bool {
        hotDays < (archiveAfterDays ?? retentionDays)
    }

    /// The days stored data is billed, the archive minimum included.
    public var billedDays: Int {
        guard let archiveAfterDays else { return retentionDays }
        return max(retentionDays, archiveAfterDays + Self.archiveMinimumDays)
    }

    /// Returns the tier that data `age` days old is billed in, or nil when it is no longer billed.
    public func tier(atAge age: Int) -> StorageTier? {
        guard age >= 0, age < billedDays else { return nil }
        if age < hotDays { return .hot }
        if let archiveAfterDays, age >= archiveAfterDays { return .archive }
        return .infrequentAccess
    }

    /// Returns what breaks SLS's rules for tiered storage, in words, or an empty list. SLS keeps data 1 to 3650
    /// days, keeps it hot at least 7 days before IA, and at least 30 days hot (or 30 days in IA) before archive.
    public func problems() -> [String] {
        var problems: [String] = []
        if !(1...3650).contains(retentionDays) {
            problems.append("retention_days is \(retentionDays); SLS keeps data from 1 to 3650 days.")
        }
        if !(1...max(1, retentionDays)).contains(hotDays) {
            problems.append("hot_days is \(hotDays); it must be from 1 to retention_days (\(retentionDays)).")
        }
        if usesInfrequentAccess, hotDays < 7 {
            problems.append("hot_days is \(hotDays); SLS keeps data hot at least 7 days before it moves to IA.")
        }
        if let archiveAfterDays {
            if archiveAfterDays < hotDays || archiveAfterDays >= retentionDays {
                problems.append("archive_after_days is \(archiveAfterDays); it must be at least hot_days (\(hotDays)) "
                    + "and below retention_days (\(retentionDays)).")
            } else if archiveAfterDays == hotDays, hotDays < 30 {
                problems.append("archive_after_days equals hot_days (\(hotDays)); SLS keeps data hot at least 30 days "
                    + "before it moves straight to archive.")
            } else if archiveAfterDays > hotDays, archiveAfterDays - hotDays < 30 {
                problems.append("archive_after_days is \(archiveAfterDays); SLS keeps data in IA at least 30 days "
                    + "(from day \(hotDays)) before archive.")
            }
        }
        return problems
    }

    /// The policy in words, such as `90 days: hot 30, IA 60`.
    public var summary: String {
        var parts = ["hot \(hotDays)"]
        let iaEnd = archiveAfterDays ?? retentionDays
        if iaEnd > hotDays { parts.append("IA \(iaEnd - hotDays)") }
        if let archiveAfterDays {
            parts.append("archive \(retentionDays - archiveAfterDays)")
        }
        var text = "\(retentionDays) days: " + parts.joined(separator: ", ")
        if billedDays > retentionDays {
            text += " (archive billed \(Self.archiveMinimumDays) days minimum)"
        }
        return text
    }
}

/// An SLS storage tier.
public enum StorageTier: String, Sendable, CaseIterable {
    case hot
    case infrequentAccess = "ia"
    case archive

    /// The meter that counts byte-days in this tier.
    public var meter: UsageMeter {
        switch self {
        case .hot: .storedHotByteDays
        case .infrequentAccess: .storedInfrequentAccessByteDays
        case .archive: .storedArchiveByteDays
        }
    }
}
