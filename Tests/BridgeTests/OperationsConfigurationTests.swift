import Core
import Testing
@testable import Bridge

@Suite struct OperationsConfigurationTests {
    private let base = """
        source:
          bootstrap_servers: [127.0.0.1:9092]
          hub: hub
          consumer_group: group
        destination:
          mode: dedicated-channel
          endpoint: cn-shanghai.log.aliyuncs.com
          project: proj
          logstore: store
          access_key_id: id
          access_key_secret: secret-value
        meter:
          path: /tmp/meter.sqlite
        """

    private func load(_ extra: String) throws -> BridgeConfiguration {
        try BridgeConfigurationLoader(environment: [:], hostName: "host").load(yaml: base + "\n" + extra)
    }

    private func problems(_ extra: String) -> [ConfigurationProblem] {
        do {
            _ = try load(extra)
            return []
        } catch let error as ConfigurationError {
            return error.problems
        } catch {
            return []
        }
    }

    @Test func metricsDefaultToLoopbackEndpoint() throws {
        let metrics = try load("").metrics
        #expect(metrics.enabled)
        #expect(metrics.host == "127.0.0.1")
        #expect(metrics.port == MetricsConfiguration.defaultPort)
        #expect(!metrics.isListenAddressExplicit)
        #expect(metrics.kafkaStatisticsIntervalMilliseconds == 60_000)
        #expect(metrics.readiness == MetricsConfiguration.Readiness())
    }

    @Test func metricsSectionSetsEveryKey() throws {
        let metrics = try load("""
            metrics:
              enabled: true
              listen: "[::1]:9700"
              kafka_statistics_interval_ms: 15000
              readiness:
                max_poll_gap_ms: 30000
                max_undelivered_age_ms: 120000
            """).metrics
        #expect(metrics.host == "::1")
        #expect(metrics.port == 9700)
        #expect(metrics.isListenAddressExplicit)
        #expect(metrics.listenAddress == "[::1]:9700")
        #expect(metrics.kafkaStatisticsIntervalMilliseconds == 15_000)
        #expect(metrics.readiness.maxPollGapMilliseconds == 30_000)
        #expect(metrics.readiness.maxUndeliveredAgeMilliseconds == 120_000)
    }

    @Test func metricsRejectHostNamesAndUnknownKeys() {
        let found = problems("""
            metrics:
              listen: localhost:9599
              readiness:
                max_poll_gap: 5
            """)
        #expect(found.map(\.key) == ["metrics.listen", "metrics.readiness.max_poll_gap"])
        #expect(found.first?.fix.contains("host names are not resolved") == true)
    }

    @Test func metricsPortAboveRangeIsNamed() {
        let found = problems("""
            metrics:
              listen: 0.0.0.0:95999
            """)

        #expect(found.map(\.key) == ["metrics.listen"])
        #expect(found.first?.problem.contains("port 95999 is above 65535") == true)
    }

    @Test func codeBuiltConfigurationHasNoEndpoint() {
        #expect(MetricsConfiguration.disabled.enabled == false)
    }

    @Test func loggingReadsRateLimit() throws {
        let logging = try load("""
            logging:
              format: json
              rate_limit:
                interval_ms: 2000
                burst: 3
            """).logging
        #expect(logging.format == .json)
        #expect(logging.rateLimit == LogRateLimit(intervalMilliseconds: 2_000, burst: 3))
        #expect(try load("").logging.rateLimit == LogRateLimit())
    }

    @Test func listenAddressParsing() {
        #expect(MetricsConfiguration.parseListenAddress("127.0.0.1:9599")! == ("127.0.0.1", 9599))
        #expect(MetricsConfiguration.parseListenAddress("0.0.0.0:80")! == ("0.0.0.0", 80))
        #expect(MetricsConfiguration.parseListenAddress("[::1]:1")! == ("::1", 1))
        #expect(MetricsConfiguration.parseListenAddress("localhost:9599") == nil)
        #expect(MetricsConfiguration.parseListenAddress("127.0.0.1") == nil)
        #expect(MetricsConfiguration.parseListenAddress("::1:9599") == nil)
        #expect(MetricsConfiguration.parseListenAddress("256.0.0.1:9599") == nil)
    }
}
