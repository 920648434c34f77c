import CostModel
import Foundation
import Storage
import Testing

@Suite struct StorageLedgerTests {
    /// 120 days: hot 7, IA until day 37, archive until day 120.
    private static let tiered = StoragePolicy(retentionDays: 120, hotDays: 7, archiveAfterDays: 37)

    @Test func tierMovesAtTheirAges() {
        let policy = Self.tiered
        #expect(policy.tier(atAge: 0) == .hot)
        #expect(policy.tier(atAge: 6) == .hot)
        #expect(policy.tier(atAge: 7) == .infrequentAccess)
        #expect(policy.tier(atAge: 36) == .infrequentAccess)
        #expect(policy.tier(atAge: 37) == .archive)
        #expect(policy.tier(atAge: 119) == .archive)
        #expect(policy.tier(atAge: 120) == nil)
        #expect(policy.tier(atAge: -1) == nil)
        #expect(policy.problems().isEmpty)
    }

    @Test func steadyStateCountsDaysPerTier() {
        let slices = StorageLedger.steadyState(dailyBytes: 10, policy: Self.tiered)

        #expect(StorageLedger.bytes(in: slices, tier: .hot, fromAgeDays: 0) == 70)
        #expect(StorageLedger.bytes(in: slices, tier: .infrequentAccess, fromAgeDays: 0) == 300)
        #expect(StorageLedger.bytes(in: slices, tier: .archive, fromAgeDays: 0) == 830)
        // Pay-by-ingested-data bills storage only from day 30.
        #expect(StorageLedger.bytes(in: slices, tier: .infrequentAccess, fromAgeDays: 30) == 70)
        #expect(StorageLedger.bytes(in: slices, tier: .hot, fromAgeDays: 30) == 0)
    }

    @Test func archiveIsBilledSixtyDaysAtLeast() {
        let policy = StoragePolicy(retentionDays: 40, hotDays: 30, archiveAfterDays: 30)
        let slices = StorageLedger.steadyState(dailyBytes: 1, policy: policy)

        #expect(policy.billedDays == 90)
        #expect(StorageLedger.bytes(in: slices, tier: .archive, fromAgeDays: 0) == 60)
        #expect(policy.summary == "40 days: hot 30, archive 10 (archive billed 60 days minimum)")
    }

    @Test func observedLedgerCarriesWritesAcrossTierMoves() {
        let policy = StoragePolicy(retentionDays: 10, hotDays: 7)
        let additions: [Int64: Decimal] = [100: 5, 101: 7]

        #expect(StorageLedger.slices(on: 99, additions: additions, policy: policy).isEmpty)
        #expect(StorageLedger.slices(on: 101, additions: additions, policy: policy).map(\.bytes) == [7, 5])
        let day107 = StorageLedger.slices(on: 107, additions: additions, policy: policy)
        #expect(day107.map(\.tier) == [.hot, .infrequentAccess])
        #expect(day107.map(\.ageDays) == [6, 7])
        #expect(StorageLedger.slices(on: 110, additions: additions, policy: policy).map(\.bytes) == [7])
        #expect(StorageLedger.slices(on: 111, additions: additions, policy: policy).isEmpty)
    }

    @Test func policyRulesAreChecked() {
        #expect(StoragePolicy(retentionDays: 30, hotDays: 5).problems().count == 1)
        #expect(StoragePolicy(retentionDays: 90, hotDays: 10, archiveAfterDays: 10).problems().count == 1)
        #expect(StoragePolicy(retentionDays: 90, hotDays: 10, archiveAfterDays: 20).problems().count == 1)
        #expect(StoragePolicy(retentionDays: 90, hotDays: 30, archiveAfterDays: 30).problems().isEmpty)
        #expect(StoragePolicy(retentionDays: 0).problems().first?.hasPrefix("retention_days is 0") == true)
        #expect(StoragePolicy(retentionDays: 30, hotDays: 30).problems().isEmpty)
    }

    @Test func archiveFixesNameOnlyValidDays() {
        // Every day a fix proposes must meet the rules, and a fix for a policy without such a day must propose removal.
        for retention in [10, 30, 40, 61, 90, 365] {
            for hot in [1, 7, 10, 29, 30, 45] where hot <= retention {
                for archive in [1, 5, 7, 10, 20, 30, 37, 40, 45, 60, 75, 89, 120] {
                    let policy = StoragePolicy(retentionDays: retention, hotDays: hot, archiveAfterDays: archive)
                    guard let problem = policy.settingProblems().first(where: { $0.setting == .archiveAfterDays }) else {
                        continue
                    }
                    let named = Self.days(in: problem.fix)
                    for day in named {
                        let fixed = StoragePolicy(retentionDays: retention, hotDays: hot, archiveAfterDays: day)
                        #expect(!fixed.settingProblems().contains { $0.setting == .archiveAfterDays },
                                "retention \(retention), hot \(hot), archive \(archive): \(problem.fix)")
                    }
                    if named.isEmpty {
                        #expect(problem.fix.hasPrefix("Remove archive_after_days"), "\(problem.fix)")
                    }
                }
            }
        }
    }

    @Test func archiveFixWithoutRoomSaysRemove() {
        let policy = StoragePolicy(retentionDays: 30, hotDays: 7, archiveAfterDays: 40)

        #expect(policy.settingProblems().first?.fix
            == "Remove archive_after_days so that data is never archived, or raise retention_days to 38 or more.")
    }

    /// Returns the archive days a fix proposes: the numbers after "Set archive_after_days", ranges expanded to
    /// their ends, and the number in "hot_days (N)".
    private static func days(in fix: String) -> [Int] {
        guard fix.hasPrefix("Set archive_after_days") else { return [] }
        let words = fix.replacingOccurrences(of: "(", with: " ").replacingOccurrences(of: ")", with: " ")
            .replacingOccurrences(of: ",", with: " ").split(separator: " ")
        return words.compactMap { Int($0) }
    }
}
