// swift-tools-version:6.3
//
// ehbridge: forwards Azure Event Hubs logs (read over the Kafka endpoint) to Alibaba Cloud SLS Logstores,
// meters every write and estimates what CTDR, SLS and Azure will bill for it.
//
// The package depends on no outside Swift package. C libraries come from Debian (see scripts/install-deps.sh)
// and are wrapped as system-library targets named `C...`.

import PackageDescription

func systemLibrary(_ name: String, pkgConfig: String, apt: String) -> Target {
    .systemLibrary(name: name, pkgConfig: pkgConfig, providers: [.apt([apt])])
}

let package = Package(
    name: "ehbridge",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ehbridge", targets: ["ehbridge"]),
        .executable(name: "ehbridge-local-sls", targets: ["ehbridge-local-sls"]),
    ],
    targets: [
        // C libraries from Debian.
        systemLibrary("CRdKafka", pkgConfig: "rdkafka", apt: "librdkafka-dev"),
        systemLibrary("CCurl", pkgConfig: "libcurl", apt: "libcurl4-openssl-dev"),
        systemLibrary("CSQLite", pkgConfig: "sqlite3", apt: "libsqlite3-dev"),
        systemLibrary("CLZ4", pkgConfig: "liblz4", apt: "liblz4-dev"),
        systemLibrary("CCrypto", pkgConfig: "libcrypto", apt: "libssl-dev"),
        systemLibrary("CMicroHTTPD", pkgConfig: "libmicrohttpd", apt: "libmicrohttpd-dev"),
        systemLibrary("CYAML", pkgConfig: "yaml-0.1", apt: "libyaml-dev"),
        systemLibrary("CZlib", pkgConfig: "zlib", apt: "zlib1g-dev"),
        systemLibrary("CZstd", pkgConfig: "libzstd", apt: "libzstd-dev"),
        // glibc's malloc tuning; part of the C library, nothing to install.
        .systemLibrary(name: "CMalloc"),

        // Shared vocabulary: log entries, the structured logger, secrets and their redaction.
        .target(name: "Core", dependencies: ["CMalloc"]),
        // A YAML document reader over libyaml, used by the configuration and the price files.
        .target(name: "YAML", dependencies: ["CYAML", "Core"]),
        // An embedded HTTP server over libmicrohttpd, used by the local SLS server and the metrics endpoint.
        .target(name: "HTTPServer", dependencies: ["CMicroHTTPD", "Core"]),

        // Kafka in.
        .target(name: "Kafka", dependencies: ["CRdKafka", "Core"]),
        .target(name: "EventHubs", dependencies: ["Kafka", "Core"]),

        // Normalization of Azure records into log entries.
        .target(name: "AzureLogs", dependencies: ["CZlib", "Core"]),

        // Logstore out.
        .target(name: "SLS", dependencies: ["CCurl", "CLZ4", "CCrypto", "CZstd", "CZlib", "Core"]),
        .target(name: "LocalSLS", dependencies: ["SLS", "HTTPServer", "Core"]),

        // Metering, the dead-letter store, prices and reports.
        .target(name: "Storage", dependencies: ["CSQLite", "Core"]),
        .target(name: "CostModel", dependencies: ["Storage", "YAML", "Core"]),
        .target(name: "Reporting", dependencies: ["CostModel", "Storage", "Core"]),

        // The pipeline and its configuration.
        .target(
            name: "Bridge",
            dependencies: ["Kafka", "EventHubs", "AzureLogs", "SLS", "Storage", "CostModel", "YAML", "HTTPServer", "Core"]
        ),

        // The command-line tool: commands live in a library so that tests can run them in-process too.
        .target(name: "CLI", dependencies: ["Bridge", "LocalSLS", "Reporting", "CostModel", "Kafka", "Core"]),
        .executableTarget(name: "ehbridge", dependencies: ["CLI"]),
        .executableTarget(name: "ehbridge-local-sls", dependencies: ["LocalSLS", "Core"]),
        // Generated Azure messages for the benchmark and for tests that compare parsers on realistic input.
        .target(name: "BenchmarkCorpus", path: "Benchmarks/BenchmarkCorpus"),
        // The throughput benchmark (`make bench`): generated Azure messages through the mock cluster to the bridge.
        .executableTarget(
            name: "ehbridge-bench", dependencies: ["BenchmarkCorpus", "AzureLogs", "Kafka", "LocalSLS", "SLS", "Core"],
            path: "Benchmarks/ehbridge-bench"
        ),

        // Shared by the test targets: running blocking test code outside Swift's cooperative pool.
        .target(name: "TestSupport", path: "Tests/TestSupport"),

        .testTarget(name: "CoreTests", dependencies: ["Core"]),
        .testTarget(name: "YAMLTests", dependencies: ["YAML"], exclude: ["Fixtures"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "SLS", "TestSupport"]),
        .testTarget(name: "KafkaTests", dependencies: ["Kafka", "TestSupport"]),
        .testTarget(name: "EventHubsTests", dependencies: ["EventHubs", "Kafka"]),
        .testTarget(name: "AzureLogsTests", dependencies: ["AzureLogs", "BenchmarkCorpus"], exclude: ["Fixtures"]),
        .testTarget(name: "SLSTests", dependencies: ["SLS", "LocalSLS", "TestSupport"]),
        .testTarget(name: "LocalSLSTests", dependencies: ["LocalSLS", "SLS", "TestSupport"], exclude: ["python"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "TestSupport"]),
        .testTarget(name: "CostModelTests", dependencies: ["CostModel", "Storage", "TestSupport"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "CostModel", "Storage", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "BridgeTests", dependencies: ["Bridge", "LocalSLS", "Kafka", "SLS", "Storage", "AzureLogs", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["CLI", "Bridge", "LocalSLS", "Kafka", "Storage", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
