import Core
import Testing
@testable import Bridge

@Suite struct MetricsRegistryTests {
    @Test func counterRendersHelpTypeAndLabels() {
        let registry = MetricsRegistry()
        let requests = registry.counter("test_requests_total", help: "Requests by result.", labelNames: ["result"])
        requests.labels("accepted").increment(by: 3)
        requests.labels("failed").increment()

        let text = registry.prometheusText()
        #expect(text == """
            # HELP test_requests_total Requests by result.
            # TYPE test_requests_total counter
            test_requests_total{result="accepted"} 3
            test_requests_total{result="failed"} 1

            """)
    }

    @Test func counterIgnoresNegativeIncrements() {
        let counter = Counter()
        counter.increment(by: 5)
        counter.increment(by: -2)
        #expect(counter.value == 5)
    }

    @Test func gaugeSetsAndAdds() {
        let registry = MetricsRegistry()
        let gauge = registry.gauge("test_bytes_in_flight", help: "Bytes.").labels()
        gauge.set(10)
        gauge.add(-2.5)
        #expect(gauge.value == 7.5)
        #expect(registry.prometheusText().contains("test_bytes_in_flight 7.5\n"))
    }

    @Test func histogramCountsCumulativeBuckets() {
        let registry = MetricsRegistry()
        let latency = registry.histogram("test_seconds", help: "Latency.", labelNames: ["mode"], buckets: [0.1, 1, 10])
        let histogram = latency.labels("a")
        for value in [0.05, 0.1, 0.5, 5, 50] { histogram.observe(value) }
        histogram.observe(.nan)

        let text = registry.prometheusText()
        #expect(text == """
            # HELP test_seconds Latency.
            # TYPE test_seconds histogram
            test_seconds_bucket{mode="a",le="0.1"} 2
            test_seconds_bucket{mode="a",le="1"} 3
            test_seconds_bucket{mode="a",le="10"} 4
            test_seconds_bucket{mode="a",le="+Inf"} 5
            test_seconds_sum{mode="a"} 55.65
            test_seconds_count{mode="a"} 5

            """)
    }

    @Test func labelValuesAreEscaped() {
        let registry = MetricsRegistry()
        registry.gauge("test_info", help: "Back\\slash\nnewline.", labelNames: ["value"]).labels("a\"b\\c\nd").set(1)
        let text = registry.prometheusText()
        #expect(text.contains(#"# HELP test_info Back\\slash\nnewline."#))
        #expect(text.contains(#"test_info{value="a\"b\\c\nd"} 1"#))
    }

    @Test func labelValuesAreRedacted() {
        let registry = MetricsRegistry()
        let secret = Secret("metrics-label-secret-7f3a")
        registry.counter("test_errors_total", help: "Errors.", labelNames: ["message"])
            .labels("auth failed for metrics-label-secret-7f3a").increment()
        registry.counter("test_more_total", help: "Errors.", labelNames: ["message"])
            .labels("Endpoint=sb://x/;SharedAccessKey=unregisteredKeyValue=").increment()

        let text = registry.prometheusText()
        #expect(!text.contains(secret.revealed()))
        #expect(!text.contains("unregisteredKeyValue"))
        #expect(text.contains("<redacted>"))
    }

    @Test func registeringTwiceReturnsSameFamily() {
        let registry = MetricsRegistry()
        let first = registry.counter("test_total", help: "A.", labelNames: ["x"])
        let second = registry.counter("test_total", help: "A.", labelNames: ["x"])
        first.labels("1").increment()
        #expect(second.labels("1").value == 1)
    }

    @Test func collectorFamiliesMergeAndSortByName() {
        let registry = MetricsRegistry()
        registry.gauge("test_b", help: "B.").labels().set(2)
        registry.addCollector {
            [
                MetricFamilySnapshot(name: "test_a", help: "A.", type: .gauge, samples: [.scalar(1)]),
                MetricFamilySnapshot(name: "test_b", help: "B.", type: .gauge,
                                     samples: [.scalar(3, labels: [MetricLabel("source", "collector")])]),
            ]
        }
        let families = registry.snapshot()
        #expect(families.map(\.name) == ["test_a", "test_b"])
        #expect(families.last?.samples.count == 2)
    }

    @Test func valuesFormatAsPrometheusNumbers() {
        #expect(PrometheusTextFormat.formatValue(3) == "3")
        #expect(PrometheusTextFormat.formatValue(0.25) == "0.25")
        #expect(PrometheusTextFormat.formatValue(.infinity) == "+Inf")
        #expect(PrometheusTextFormat.formatValue(-.infinity) == "-Inf")
        #expect(PrometheusTextFormat.formatValue(.nan) == "NaN")
    }

    @Test func namesFollowPrometheusRules() {
        #expect(MetricName.isValidMetricName("ehbridge_records_total"))
        #expect(MetricName.isValidMetricName("a:b"))
        #expect(!MetricName.isValidMetricName("1abc"))
        #expect(!MetricName.isValidMetricName("a-b"))
        #expect(MetricName.isValidLabelName("kafka_partition"))
        #expect(!MetricName.isValidLabelName("__reserved"))
        #expect(!MetricName.isValidLabelName("a:b"))
    }

    @Test func exponentialBucketsGrowByFactor() {
        #expect(Histogram.exponentialBuckets(start: 1, factor: 2, count: 4) == [1, 2, 4, 8])
    }
}
