import Foundation
import CostModel
import Storage
import Testing
@testable import Bridge

@Suite struct PricingConfigurationTests {
    private static let base = """
        source:
          bootstrap_servers: 127.0.0.1:9092
          hub: logs
          consumer_group: test
        destination:
          mode: user-log-service
          endpoint: cn-shanghai.log.aliyuncs.com
          project: test-project
          logstore: logs
          access_key_id: id
          access_key_secret: secret
        """

    private static func load(_ pricing: String) throws(ConfigurationError) -> BridgeConfiguration {
        try BridgeConfigurationLoader(environment: [:], hostName: "host").load(
            yaml: base + "\n" + pricing, baseDirectory: "/etc/ehbridge"
        )
    }

    @Test func defaultsWithoutSection() throws {
        let pricing = try Self.load("").pricing

        #expect(pricing == PricingConfiguration())
        #expect(pricing.settings.site == .international)
        #expect(pricing.logstoreProfile == MeterLogstoreProfile(
            indexMode: .fullText, retentionDays: 30, hotDays: 30, archiveAfterDays: nil, activeShards: 2
        ))
    }

    @Test func exampleFileShowsTheDefaults() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/configuration.example.yaml")
        let loader = BridgeConfigurationLoader(environment: [
            "EVENTHUBS_CONNECTION_STRING": "Endpoint=sb://example.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=a2V5",
            "SLS_ACCESS_KEY_ID": "id", "SLS_ACCESS_KEY_SECRET": "secret",
        ], hostName: "host")

        let pricing = try loader.load(path: example.path).pricing
        #expect(pricing == PricingConfiguration())
    }

    @Test func everyKeyIsRead() throws {
        let pricing = try Self.load("""
            pricing:
              prices: prices
              site: china
              sls_billing: pay-by-ingested-data
              free_quotas: false
              internet_read_gb_per_day: 0.5
              days_per_month: 31
              egress_sample_interval_ms: 5000
              ctdr:
                ingestion_basis: normalized
                tier_mode: graduated
              azure:
                cloud: china
                event_hubs_tier: premium
                units: 2
                egress_billed: false
              logstore:
                index: fields
                index_fields: [level, __topic__]
                retention_days: 180
                hot_days: 30
                archive_after_days: 60
                active_shards: 4
            """).pricing

        #expect(pricing.pricesDirectory == "/etc/ehbridge/prices")
        #expect(pricing.settings == CostSettings(
            site: .china, azureCloud: .china, slsBilling: .payByIngestedData, ctdrIngestionBasis: .normalized,
            unstatedTierMode: .graduated, eventHubsTier: .premium, eventHubsUnits: 2, azureEgressBilled: false,
            internetReadBytesPerDay: 536_870_912, freeQuotas: false, daysPerMonth: 31
        ))
        #expect(pricing.indexMode == .fields)
        #expect(pricing.indexFields == ["level", "__topic__"])
        #expect(pricing.storage == StoragePolicy(retentionDays: 180, hotDays: 30, archiveAfterDays: 60))
        #expect(pricing.activeShards == 4)
        #expect(pricing.egressSampleIntervalMilliseconds == 5_000)
    }

    @Test func basicTierIsRejected() {
        #expect {
            _ = try Self.load("pricing:\n  azure:\n    event_hubs_tier: basic")
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.problems.map(\.key) == ["pricing.azure.event_hubs_tier"]
                && error.problems[0].problem.contains("no Kafka endpoint")
        }
    }

    @Test func invalidValuesAreAllReported() {
        #expect {
            _ = try Self.load("""
                pricing:
                  site: mars
                  internet_read_gb_per_day: lots
                  logstore:
                    index: fields
                    retention_days: 30
                    hot_days: 3
                  azure:
                    units: 99
                  colour: blue
                """)
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.problems.map(\.key) == [
                "pricing.site", "pricing.internet_read_gb_per_day", "pricing.azure.units",
                "pricing.logstore.hot_days", "pricing.logstore.index_fields", "pricing.colour",
            ]
        }
    }
}
