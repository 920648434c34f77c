import Core
import Foundation
import Kafka
import LocalSLS
import SLS
import Testing
import TestSupport

/// The bridge process killed with SIGKILL in the middle of a stream and started again: nothing is lost,
/// and only records after the last committed offset (the uncommitted window) may be delivered twice.
@Suite struct CrashRecoveryTests {
    static let topic = "insights-logs-crash"
    static let group = "ehbridge-crash-test"
    static let project = "crash-project"
    static let logstore = "crash-logstore"
    static let accessKeyID = "crash-test-key-id"
    static let accessKeySecret = "crash-test-key-secret-value"

    /// SIGUSR1's default action ends a process, so a dry run must handle it as run does.
    @Test func dryRunReportsCountsOnSIGUSR1() async throws {
        try await blocking {
            let cluster = try KafkaMockCluster(brokers: 1)
            defer { cluster.close() }
            try cluster.createTopic(Self.topic, partitions: 2)
            let server = makeServer()
            let port = try server.start()
            defer { server.stop() }
            try produce(count: 20, cluster: cluster)
            let directory = try BuiltBinary.temporaryDirectory("dry-run-usr1")
            let configPath = directory + "/bridge.yaml"
            try configuration(bootstrap: cluster.bootstrapServers, port: port, directory: directory)
                .write(toFile: configPath, atomically: true, encoding: .utf8)

            let dryRun = try ChildProcess.start(BuiltBinary.ehbridge, ["dry-run", "--config", configPath])
            // Asked until the counts show every record read, so that the stop comes after the assignment.
            let reported = waitUntil(seconds: 60) {
                dryRun.kill(SIGUSR1)
                Thread.sleep(forTimeInterval: 0.3)
                return dryRun.errorOutput.contains("records consumed 20 ")
            }
            dryRun.kill(SIGTERM)

            #expect(reported, "no counts after SIGUSR1: \(dryRun.errorOutput.suffix(2000))")
            #expect(dryRun.wait() == 0, "stderr: \(dryRun.errorOutput.suffix(2000))")
        }
    }

    /// With JSON logs, a log shipper reads standard error as JSON, so the summary lines must be records too.
    @Test func jsonLoggingWritesOnlyJSONLines() async throws {
        try await blocking {
            let cluster = try KafkaMockCluster(brokers: 1)
            defer { cluster.close() }
            try cluster.createTopic(Self.topic, partitions: 2)
            let server = makeServer()
            let port = try server.start()
            defer { server.stop() }
            try produce(count: 10, cluster: cluster)
            let directory = try BuiltBinary.temporaryDirectory("json-logs")
            let configPath = directory + "/bridge.yaml"
            try (configuration(bootstrap: cluster.bootstrapServers, port: port, directory: directory) + "\nlogging:\n  format: json\n")
                .write(toFile: configPath, atomically: true, encoding: .utf8)

            let result = try BuiltBinary.run(["run", "--config", configPath, "--max-records", "10"])

            #expect(result.status == 0, "\(result.errorOutput.suffix(2000))")
            #expect(result.errorOutput.contains("records consumed 10 "))
            expectJSONRecords(result.errorOutput)

            // A start that fails after the configuration loaded writes its error line as a record too.
            let listener = try LoopbackListener()
            defer { listener.close() }
            try (configuration(bootstrap: cluster.bootstrapServers, port: port, directory: directory)
                + "\nlogging:\n  format: json\nmetrics:\n  listen: 127.0.0.1:\(listener.port)\n")
                .write(toFile: configPath, atomically: true, encoding: .utf8)
            let failed = try BuiltBinary.run(["run", "--config", configPath, "--max-records", "10"])

            #expect(failed.status == 1)
            #expect(failed.errorOutput.contains("could not listen"))
            expectJSONRecords(failed.errorOutput)
        }
    }

    /// Expects every line of `text` to be a JSON object.
    private func expectJSONRecords(_ text: String) {
        for line in text.split(separator: "\n") {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any], "not JSON: \(line)")
        }
    }

    @Test func killedBridgeResumesFromCommittedOffsets() async throws {
        try await blocking {
            let cluster = try KafkaMockCluster(brokers: 1)
            defer { cluster.close() }
            try cluster.createTopic(Self.topic, partitions: 2)
            let server = makeServer()
            let port = try server.start()
            defer { server.stop() }

            let messageCount = 400
            try produce(count: messageCount, cluster: cluster)
            let directory = try BuiltBinary.temporaryDirectory("crash")
            let configPath = directory + "/bridge.yaml"
            try configuration(bootstrap: cluster.bootstrapServers, port: port, directory: directory)
                .write(toFile: configPath, atomically: true, encoding: .utf8)

            // First run: killed once part of the stream is stored.
            let first = try ChildProcess.start(BuiltBinary.ehbridge, ["run", "--config", configPath])
            let sawProgress = waitUntil(seconds: 60) { storedCorrelationIDs(server).count >= 150 }
            first.kill(SIGKILL)
            _ = first.wait()
            #expect(sawProgress)
            let committedAtKill = try committedOffsets(cluster: cluster)
            #expect(committedAtKill.values.reduce(0, +) < Int64(messageCount), "the kill came after the stream ended")

            // Second run: reads from the committed offsets and finishes the stream.
            let second = try ChildProcess.start(BuiltBinary.ehbridge, ["run", "--config", configPath])
            let expected = messageCount * 2
            let finished = waitUntil(seconds: 90) { Set(storedCorrelationIDs(server)).count >= expected }
            #expect(finished)
            let committedDone = waitUntil(seconds: 30) {
                (try? committedOffsets(cluster: cluster)) == [0: Int64(messageCount / 2), 1: Int64(messageCount / 2)]
            }
            // SIGUSR1 prints the counts without stopping.
            second.kill(SIGUSR1)
            let reported = waitUntil(seconds: 10) { second.errorOutput.contains("records consumed") }
            #expect(reported, "no counts after SIGUSR1")
            second.kill(SIGTERM)
            let status = second.wait()
            #expect(status == 0, "stderr: \(second.errorOutput.suffix(2000))")
            #expect(committedDone)
            // Both count lines (on request and at the stop) reconcile with nothing in flight at the stop.
            let countLines = second.errorOutput.split(separator: "\n").filter { $0.hasPrefix("records consumed ") }
            #expect(countLines.count == 2)
            if let last = countLines.last {
                let numbers = last.split(separator: " ").compactMap { Int($0) }
                #expect(numbers.count == 5, "\(last)")
                if numbers.count == 5 {
                    #expect(numbers[0] == numbers[1] + numbers[2] + numbers[3] + numbers[4], "\(last)")
                    #expect(numbers[4] == 0, "in flight at the stop: \(last)")
                    #expect(numbers[1] >= messageCount - Int(committedAtKill.values.reduce(0, +)), "\(last)")
                }
            }

            // No loss: every record of every message is stored.
            let stored = storedCorrelationIDs(server)
            #expect(Set(stored).count == expected)

            // Duplicates come only from the uncommitted window: offsets at or after the commit at kill time.
            var seen: [String: Int] = [:]
            for id in stored { seen[id, default: 0] += 1 }
            for (id, count) in seen where count > 1 {
                let message = Int(id.split(separator: "-")[1])!
                let partition = Int32(message % 2)
                let offset = Int64(message / 2)
                #expect(offset >= committedAtKill[partition] ?? 0, "\(id) duplicated below the committed offset")
            }

            // The restarted bridge reports where it resumed, which is where the uncommitted window starts.
            for (partition, offset) in committedAtKill {
                #expect(second.errorOutput.contains("msg=\"reading partition\"") &&
                        second.errorOutput.contains("kafka.offset=\(offset) kafka.partition=\(partition)"),
                        "missing resume line for partition \(partition) at \(offset)")
            }
            #expect(second.errorOutput.contains("records consumed"))
        }
    }

    @Test func secondSignalExitsAtOnceWithoutCommitting() async throws {
        try await blocking {
            let cluster = try KafkaMockCluster(brokers: 1)
            defer { cluster.close() }
            try cluster.createTopic(Self.topic, partitions: 2)
            // A Logstore that refuses connections: batches stay in flight, so the first signal's drain waits.
            let server = makeServer()
            let port = try server.start()
            server.stop()

            try produce(count: 20, cluster: cluster)
            let directory = try BuiltBinary.temporaryDirectory("signals")
            let configPath = directory + "/bridge.yaml"
            try configuration(bootstrap: cluster.bootstrapServers, port: port, directory: directory)
                .write(toFile: configPath, atomically: true, encoding: .utf8)

            let bridge = try ChildProcess.start(BuiltBinary.ehbridge, ["run", "--config", configPath])
            let retrying = waitUntil(seconds: 60) { bridge.errorOutput.contains("PutLogs attempt failed; retrying") }
            #expect(retrying, "stderr: \(bridge.errorOutput.suffix(2000))")
            bridge.kill(SIGINT)
            let draining = waitUntil(seconds: 10) { bridge.errorOutput.contains("stopping: draining in-flight batches") }
            #expect(draining)
            let started = Date()
            bridge.kill(SIGINT)
            let status = bridge.wait()
            #expect(status == 130, "stderr: \(bridge.errorOutput.suffix(2000))")
            // The drain would wait delivery.shutdown_timeout_ms (30 s by default), but the second signal does not.
            #expect(Date().timeIntervalSince(started) < 10)
            #expect(try committedOffsets(cluster: cluster).isEmpty, "nothing was accepted, so nothing is committed")
        }
    }

    // MARK: Helpers

    private func makeServer() -> LocalSLSServer {
        LocalSLSServer(configuration: LocalSLSConfiguration(
            accessKeys: [LocalSLSConfiguration.AccessKey(id: Self.accessKeyID, secret: Secret(Self.accessKeySecret))],
            projects: [LocalSLSConfiguration.Project(name: Self.project, logstores: .named([Self.logstore]))]
        ), logger: .disabled)
    }

    private func produce(count: Int, cluster: KafkaMockCluster) throws {
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers, security: .plaintext),
            logger: .disabled
        )
        defer { producer.close() }
        for message in 0..<count {
            let records = (0..<2).map { record in
                "{\"time\":\"2026-03-01T10:00:00Z\",\"category\":\"AuditEvent\",\"correlationId\":\"m-\(message)-\(record)\"}"
            }
            let value = Array("{\"records\":[\(records.joined(separator: ","))]}".utf8)
            try producer.produce(topic: Self.topic, value: value, partition: Int32(message % 2))
        }
        let report = try producer.flush(timeout: .seconds(30))
        #expect(report.failedCount == 0)
    }

    private func configuration(bootstrap: [String], port: UInt16, directory: String) -> String {
        """
        source:
          bootstrap_servers: [\(bootstrap.joined(separator: ", "))]
          hub: \(Self.topic)
          consumer_group: \(Self.group)
          session_timeout_ms: 6000
          heartbeat_interval_ms: 500
        destination:
          mode: user-log-service
          endpoint: cn-shanghai.log.aliyuncs.com
          scheme: http
          connect_address: 127.0.0.1:\(port)
          project: \(Self.project)
          logstore: \(Self.logstore)
          access_key_id: \(Self.accessKeyID)
          access_key_secret: \(Self.accessKeySecret)
          max_concurrent_requests: 2
        batching:
          max_entries: 8
          linger_ms: 20
        delivery:
          retry_base_ms: 20
          retry_max_ms: 500
          shutdown_timeout_ms: 10000
        meter:
          path: \(directory)/meter.sqlite
          instance_id: crash-test
        """
    }

    private func storedCorrelationIDs(_ server: LocalSLSServer) -> [String] {
        server.logGroups(project: Self.project, logstore: Self.logstore).flatMap { group in
            group.logs.compactMap { $0["correlationId"] }
        }
    }

    private func committedOffsets(cluster: KafkaMockCluster) throws -> [Int32: Int64] {
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(bootstrapServers: cluster.bootstrapServers, groupID: Self.group, security: .plaintext),
            logger: .disabled
        )
        defer { consumer.close() }
        let committed = try consumer.committed(
            for: [TopicPartition(topic: Self.topic, partition: 0), TopicPartition(topic: Self.topic, partition: 1)],
            timeout: .seconds(10)
        )
        return Dictionary(uniqueKeysWithValues: committed.map { ($0.key.partition, $0.value) })
    }

    private func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return condition()
    }
}

/// A TCP socket listening on 127.0.0.1 at a free port, to make a port taken.
private final class LoopbackListener {
    let port: UInt16
    private let descriptor: Int32

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 1) == 0 else {
            Foundation.close(descriptor)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.descriptor = descriptor
        port = UInt16(bigEndian: address.sin_port)
    }

    func close() {
        Foundation.close(descriptor)
    }
}
