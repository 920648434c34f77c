import Core
import Foundation
import Kafka
import LocalSLS
import SLS
@testable import Bridge

/// A mock Kafka cluster with one topic and a local SLS server with one project and Logstore, for tests that
/// run the whole bridge on loopback.
final class OperationsHarness {
    static let accessKeyID = "ops-key-id"
    static let secret = "ops-secret-30c7f2"
    static let project = "ops-proj"
    static let logstore = "audit"

    let topic: String
    let partitions: Int32
    let cluster: KafkaMockCluster
    let sls: LocalSLSServer
    let slsPort: UInt16
    let directory: String

    init(topic: String = "ops-hub", partitions: Int32 = 3) throws {
        self.topic = topic
        self.partitions = partitions
        cluster = try KafkaMockCluster()
        try cluster.createTopic(topic, partitions: partitions)
        sls = LocalSLSServer(configuration: LocalSLSConfiguration(
            accessKeys: [LocalSLSConfiguration.AccessKey(id: Self.accessKeyID, secret: Secret(Self.secret))],
            projects: [LocalSLSConfiguration.Project(name: Self.project, logstores: .named([Self.logstore]))]
        ), logger: .disabled)
        slsPort = try sls.start()
        directory = NSTemporaryDirectory() + "ehbridge-operations-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit {
        sls.stop()
        cluster.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Produces `count` Azure-shaped records spread over the partitions; record `i` carries `"index": i`.
    func produce(count: Int, firstIndex: Int = 0) throws {
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(
                bootstrapServers: cluster.bootstrapServers, security: .plaintext, linger: .milliseconds(1)
            ),
            logger: .disabled
        )
        defer { producer.close() }
        for index in firstIndex..<(firstIndex + count) {
            let value = #"{"records":[{"time":"2026-03-01T10:00:00Z","category":"Test","operationName":"op","properties":{"index":\#(index)}}]}"#
            try producer.produce(topic: topic, value: Array(value.utf8), key: nil, partition: Int32(index) % partitions)
        }
        let report = try producer.flush(timeout: .seconds(20))
        guard report.failedCount == 0 else {
            throw KafkaError(code: .messageTimedOut, message: "test set-up: \(report.failedCount) records failed")
        }
    }

    /// Returns a configuration that reads the topic with `group` and writes to the local server.
    func configuration(
        group: String = "ops-group", secret: String = OperationsHarness.secret, instance: String = "ops-1",
        metrics: MetricsConfiguration = OperationsHarness.testMetrics
    ) -> BridgeConfiguration {
        BridgeConfiguration(
            source: SourceConfiguration(
                connection: .plaintextKafka, topics: [topic], consumerGroup: group,
                bootstrapServers: cluster.bootstrapServers, startFrom: .earliest,
                // Heartbeats every 500 ms let members notice a rebalance quickly. With the default 3 s, three
                // members joining at once on a loaded machine took up to two minutes to settle.
                sessionTimeoutMilliseconds: 6_000, heartbeatIntervalMilliseconds: 500
            ),
            destination: DestinationConfiguration(
                mode: .userLogService, endpoint: "sls.test", scheme: .http, connectAddress: "127.0.0.1:\(slsPort)",
                project: Self.project, logstore: Self.logstore, accessKeyID: Self.accessKeyID,
                accessKeySecret: Secret(secret), connectTimeoutMilliseconds: 2_000, requestTimeoutMilliseconds: 5_000
            ),
            batching: BatchingConfiguration(maxEntries: 100, maxBytes: 65_536, lingerMilliseconds: 50),
            meter: MeterConfiguration(path: directory + "/meter-\(instance).sqlite", instanceID: instance),
            // Short retries and a short shutdown, for the tests whose writes fail on purpose.
            delivery: DeliveryConfiguration(retryMaxMilliseconds: 500, operatorRetryMaxMilliseconds: 500,
                                            shutdownTimeoutMilliseconds: 1_000),
            metrics: metrics
        )
    }

    /// The endpoint on 127.0.0.1 with a port the system picks and statistics every 200 ms.
    static let testMetrics = MetricsConfiguration(
        enabled: true, host: "127.0.0.1", port: 0, isListenAddressExplicit: true,
        kafkaStatisticsIntervalMilliseconds: 200
    )

    /// Log entries the local server accepted, all requests together.
    var storedLogs: Int { sls.totals(project: Self.project, logstore: Self.logstore).logs }
}

/// A bridge run on a thread of its own, as `ehbridge run` runs it on the main thread.
final class OperationsBackgroundRun: @unchecked Sendable {
    let service: BridgeService
    private let outcome = Locked<Result<RunSummary, any Error>?>(nil)

    init(_ service: BridgeService, limits: RunLimits = .none) {
        self.service = service
        let thread = Thread { [self] in
            let result = Result { try service.run(limits: limits) }
            outcome.withLock { $0 = result }
        }
        thread.start()
    }

    /// Asks the run to stop and waits, without blocking a thread of the test runner, for its summary.
    func stop() async throws -> RunSummary {
        service.requestStop()
        while true {
            if let result = outcome.withLock({ $0 }) { return try result.get() }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// Runs blocking work on a thread of its own and waits for it without blocking a thread of Swift's
/// cooperative pool, which the test runner shares among all tests (two threads on a two-core machine).
func offPool<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// Waits until `condition` holds, checking every 50 ms, for at most `seconds`. Returns whether it held.
@discardableResult
func waitUntil(seconds: Double = 30, _ condition: () -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return condition()
}

/// One HTTP/1.1 GET over a fresh loopback connection; returns the status and the body.
func httpGet(port: UInt16, path: String) throws -> (status: Int, body: String) {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = port.bigEndian
    let connected = withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard connected == 0 else { throw HTTPTestError(message: "connect to port \(port) failed, errno \(errno)") }

    let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
    _ = request.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
    var response: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count <= 0 { break }
        response += buffer[0..<count]
    }
    let text = String(decoding: response, as: UTF8.self)
    guard let statusLine = text.split(separator: "\r\n").first,
          let status = Int(statusLine.split(separator: " ").dropFirst().first ?? ""),
          let headerEnd = text.range(of: "\r\n\r\n")
    else { throw HTTPTestError(message: "not an HTTP response: \(text.prefix(200))") }
    return (status, String(text[headerEnd.upperBound...]))
}

struct HTTPTestError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

extension String {
    /// Returns the value of the first sample line of `metric` whose labels contain every text in `labels`.
    func metricValue(_ metric: String, labels: [String] = []) -> Double? {
        for line in split(separator: "\n") where line.hasPrefix(metric + "{") || line.hasPrefix(metric + " ") {
            guard labels.allSatisfy({ line.contains($0) }), let value = line.split(separator: " ").last else { continue }
            return Double(value)
        }
        return nil
    }
}
