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

    /// A setting that breaks one of SLS's rules for tiered storage.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// The setting to change. Its raw value is the configuration key, such as `hot_days`.
        public enum Setting: String, Sendable, Hashable {
            case retentionDays = "retention_days"
            case hotDays = "hot_days"
            case archiveAfterDays = "archive_after_days"
        }

        public var setting: Setting
        /// The problem, as a sentence whose subject is the setting, such as `is 60, outside 1 to retention_days (30).`
        public var reason: String
        /// The change that satisfies the rule, naming ``setting`` first.
        public var fix: String

        /// The setting's key followed by ``reason``.
        public var description: String { "\(setting.rawValue) \(reason)" }
    }

    /// Returns what breaks SLS's rules for tiered storage, in words, or an empty list. See ``settingProblems()``.
    public func problems() -> [String] {
        settingProblems().map(\.description)
    }

    /// Returns each setting that breaks SLS's rules for tiered storage, with a fix, or an empty list. SLS keeps
    /// data 1 to 3650 days, keeps it hot at least 7 days before IA, and at least 30 days hot (or 30 days in IA)
    /// before archive.
    public func settingProblems() -> [Problem] {
        var problems: [Problem] = []
        if !(1...3650).contains(retentionDays) {
            problems.append(Problem(
                setting: .retentionDays, reason: "is \(retentionDays), outside the 1 to 3650 days SLS keeps data.",
                fix: "Set retention_days from 1 to 3650."
            ))
        }
        let maxHotDays = max(1, retentionDays)
        if !(1...maxHotDays).contains(hotDays) {
            problems.append(Problem(
                setting: .hotDays, reason: "is \(hotDays), outside 1 to retention_days (\(retentionDays)).",
                fix: "Set hot_days from 1 to \(maxHotDays), or raise retention_days."
            ))
        }
        if usesInfrequentAccess, hotDays < 7 {
            problems.append(Problem(
                setting: .hotDays, reason: "is \(hotDays), but SLS keeps data hot at least 7 days before it moves to IA.",
                fix: "Raise hot_days to 7 or more."
            ))
        }
        if let archiveAfterDays, let problem = archiveProblem(archiveAfterDays) {
            problems.append(problem)
        }
        return problems
    }

    private func archiveProblem(_ archiveAfterDays: Int) -> Problem? {
        let reason: String
        if archiveAfterDays < hotDays || archiveAfterDays >= retentionDays {
            reason = "is \(archiveAfterDays), but it must be at least hot_days (\(hotDays)) and below retention_days "
                + "(\(retentionDays))."
        } else if archiveAfterDays == hotDays, hotDays < 30 {
            reason = "equals hot_days (\(hotDays)), but SLS keeps data hot at least 30 days before it moves straight "
                + "to archive."
        } else if archiveAfterDays > hotDays, archiveAfterDays < hotDays + 30 {
            reason = "is \(archiveAfterDays), but SLS keeps data in IA at least 30 days (from day \(hotDays)) before "
                + "archive."
        } else {
            return nil
        }
        return Problem(setting: .archiveAfterDays, reason: reason, fix: archiveFix())
    }

    /// Returns the fix for a broken `archive_after_days`, which lists only values that meet every rule with the
    /// current `hot_days` and `retention_days`. Those are `hot_days` itself when data stays hot 30 days or more,
    /// and the days from `hot_days` + 30 to `retention_days` - 1.
    private func archiveFix() -> String {
        var choices: [String] = []
        if hotDays >= 30, hotDays < retentionDays {
            choices.append("to hot_days (\(hotDays)) to archive straight from hot storage")
        }
        let firstAfterIA = hotDays + 30
        if firstAfterIA < retentionDays {
            choices.append(firstAfterIA == retentionDays - 1
                ? "to \(firstAfterIA)" : "from \(firstAfterIA) to \(retentionDays - 1)")
        }
        guard !choices.isEmpty else {
            return "Remove archive_after_days so that data is never archived, or raise retention_days to "
                + "\(firstAfterIA + 1) or more."
        }
        return "Set archive_after_days " + choices.joined(separator: " or ") + ", or remove it."
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
