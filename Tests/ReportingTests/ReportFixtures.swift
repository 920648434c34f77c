import CostModel
import Foundation
import Storage
import Testing

/// Estimates with fixed inputs for the report tests, and the golden-file comparison.
enum ReportFixtures {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let repositoryPricing = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Pricing").path

    /// 2026-03-31T00:00:00Z in milliseconds.
    static let march31: Int64 = 1_774_915_200_000
    static let day: Int64 = 86_400_000

    /// Two days of a dry run, the first in March and the second in April, metered in both modes by two instances.
    static func meterUsage() -> MeterUsage {
        let profile = MeterLogstoreProfile(
            indexMode: .fullText, retentionDays: 30, hotDays: 30, archiveAfterDays: nil, activeShards: 2
        )
        func amounts(raw: Int64, first: Int64, last: Int64) -> MeterAmounts {
            MeterAmounts(
                requests: raw / 250_000, attempts: raw / 250_000 + 1, records: raw / 50_000, entries: raw / 1_000,
                rawBytes: raw, normalizedBytes: raw * 105 / 100, compressedBytes: raw / 9, indexedBytes: raw,
                storedBytes: raw / 9 + raw, billableEvents: raw / 50_000, rowsBeforeMeterV2: 0,
                firstRecordedAtMilliseconds: first, lastRecordedAtMilliseconds: last
            )
        }
        let firstDay = MeterDay(containing: march31)
        let secondDay = MeterDay(containing: march31 + day)
        let modes: [MeterMode] = [.dedicatedChannel, .userLogService]
        let dayOne = amounts(raw: 3_000_000_000, first: march31, last: march31 + day - 1)
        let dayTwo = amounts(raw: 1_500_000_000, first: march31 + day, last: march31 + day + day / 2)
        var total = dayOne
        total.add(dayTwo)

        return MeterUsage(
            files: ["bridge-a.sqlite", "bridge-b.sqlite"], range: .all,
            totals: modes.map { MeterTotals(mode: $0, delivery: .dryRun, amounts: total) },
            daily: [firstDay, secondDay].flatMap { day in
                modes.map { MeterDailyTotals(day: day, mode: $0, delivery: .dryRun, amounts: day == firstDay ? dayOne : dayTwo) }
            },
            storage: [firstDay, secondDay].flatMap { day in
                modes.map {
                    MeterDailyStorage(day: day, mode: $0, delivery: .dryRun, project: "p", logstore: "l", profile: profile,
                                      storedBytes: (day == firstDay ? dayOne : dayTwo).storedBytes)
                }
            },
            fetches: [
                MeterDailyFetch(day: firstDay, delivery: .dryRun, fetchedBytes: 3_090_000_000, samples: 1_440),
                MeterDailyFetch(day: secondDay, delivery: .dryRun, fetchedBytes: 1_545_000_000, samples: 720),
            ]
        )
    }

    static func meterEstimate(settings: CostSettings = CostSettings()) throws -> CostEstimate {
        let builder = try CostEstimateBuilder(book: try PriceBook.load(directory: repositoryPricing), settings: settings)
        var estimate = builder.estimate(
            meter: meterUsage(),
            fallbackLogstore: LogstoreAssumptions(policy: StoragePolicy(retentionDays: 30), activeShards: 2)
        )
        estimate.priceDirectory = "Pricing"
        return estimate
    }

    static func assumedEstimate(settings: CostSettings) throws -> CostEstimate {
        let builder = try CostEstimateBuilder(book: try PriceBook.load(directory: repositoryPricing), settings: settings)
        // The golden files were made with 8:1 compression, stated here so that they do not follow the default.
        var estimate = builder.estimate(assumed: AssumedTraffic(
            rawBytesPerDay: 20 * 1_073_741_824, compressionRatio: 8,
            logstore: LogstoreAssumptions(policy: StoragePolicy(retentionDays: 90, hotDays: 30), activeShards: 4)
        ))
        estimate.priceDirectory = "Pricing"
        return estimate
    }

    /// Compares `output` with the golden file `name`. With `EHBRIDGE_UPDATE_GOLDEN=1` in the environment, it
    /// rewrites the golden file instead, for a reviewed change of format or prices.
    static func expectGolden(_ output: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = testsFolder.appendingPathComponent("Fixtures/golden/\(name)").path
        if ProcessInfo.processInfo.environment["EHBRIDGE_UPDATE_GOLDEN"] == "1" {
            try output.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let golden = try String(contentsOfFile: path, encoding: .utf8)
        if output != golden {
            let outputLines = output.components(separatedBy: "\n")
            let goldenLines = golden.components(separatedBy: "\n")
            let first = zip(outputLines, goldenLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(outputLines.count, goldenLines.count)
            Issue.record(
                "\(name) differs from the golden file at line \(first + 1):\n got:  \(first < outputLines.count ? outputLines[first] : "(end)")\n want: \(first < goldenLines.count ? goldenLines[first] : "(end)")",
                sourceLocation: sourceLocation
            )
        }
    }
}
