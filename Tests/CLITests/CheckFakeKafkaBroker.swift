import Foundation
import TestSupport

/// A Kafka broker on 127.0.0.1 behind TLS that speaks just enough of the protocol to respond as Event Hubs
/// does in the failures `check` diagnoses: ApiVersions, SaslHandshake, SaslAuthenticate, Metadata and
/// FindCoordinator. It runs as a Python 3 process (the standard `ssl` module does the TLS) with a
/// certificate for 127.0.0.1 that `openssl` creates for each broker.
final class FakeKafkaBroker {
    enum Scenario: String {
        /// SaslAuthenticate fails with SASL_AUTHENTICATION_FAILED, as for a wrong or regenerated key.
        case saslRejected = "sasl-rejected"
        /// SaslAuthenticate fails with TOPIC_AUTHORIZATION_FAILED and Event Hubs' firewall message.
        case firewall
        /// Authentication succeeds; the topic's metadata carries TOPIC_AUTHORIZATION_FAILED (a Basic tier
        /// namespace, or a key without Listen rights on the hub).
        case topicUnauthorized = "topic-unauthorized"
        /// Authentication succeeds; the topic's metadata carries UNKNOWN_TOPIC_OR_PART.
        case unknownTopic = "unknown-topic"
        /// Authentication succeeds and the topic has two partitions.
        case healthy
    }

    let port: UInt16
    /// The broker's self-signed certificate, which is also the CA a client must trust.
    let certificatePath: String
    private let process: SpawnedProcess
    private let directory: String

    init(scenario: Scenario) throws {
        directory = NSTemporaryDirectory() + "ehbridge-fake-broker-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        certificatePath = directory + "/broker.pem"
        let keyPath = directory + "/broker.key"
        try Self.runToCompletion("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=DNS:127.0.0.1,IP:127.0.0.1", "-keyout", keyPath, "-out", certificatePath,
        ])
        let scriptPath = directory + "/broker.py"
        try Self.script.write(toFile: scriptPath, atomically: true, encoding: .utf8)

        process = SpawnedProcess()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptPath, scenario.rawValue, certificatePath, keyPath]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()

        // The script prints the bound port on its first line.
        var line = ""
        while !line.hasSuffix("\n") {
            let chunk = output.fileHandleForReading.readChunkRetryingInterrupts()
            guard !chunk.isEmpty else { break }
            line += String(decoding: chunk, as: UTF8.self)
        }
        guard let port = UInt16(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(process.processIdentifier, SIGKILL)
            throw FakeBrokerError(message: "the fake broker printed no port: \(line)")
        }
        self.port = port
    }

    deinit {
        // SIGKILL, because a child of the test runner may inherit a signal mask that blocks SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
    }

    var bootstrapServer: String { "127.0.0.1:\(port)" }

    static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")
            && (try? runToCompletion("/usr/bin/env", ["python3", "-c", "import ssl"])) != nil
    }

    private static func runToCompletion(_ executable: String, _ arguments: [String]) throws {
        let process = SpawnedProcess()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FakeBrokerError(message: "\(executable) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
    }

    struct FakeBrokerError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// The broker. Request headers are read up to the client id; bodies are parsed only where the response
    /// depends on them (the topic names of a Metadata request).
    static let script = #"""
    import socket, ssl, struct, sys, threading

    scenario, cert, key = sys.argv[1], sys.argv[2], sys.argv[3]
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    port = listener.getsockname()[1]
    print(port, flush=True)

    def read_exact(conn, count):
        data = b""
        while len(data) < count:
            chunk = conn.recv(count - len(data))
            if not chunk:
                raise EOFError()
            data += chunk
        return data

    def string(text):
        data = text.encode()
        return struct.pack(">h", len(data)) + data

    def uvarint(value):
        out = b""
        while True:
            byte = value & 0x7F
            value >>= 7
            if value:
                out += bytes([byte | 0x80])
            else:
                return out + bytes([byte])

    APIS = [(18, 0, 3), (17, 0, 1), (36, 0, 0), (3, 0, 0), (10, 0, 0)]

    def api_versions(version):
        if version >= 3:
            body = struct.pack(">h", 0) + uvarint(len(APIS) + 1)
            for api in APIS:
                body += struct.pack(">hhh", *api) + b"\x00"
            return body + struct.pack(">i", 0) + b"\x00"
        body = struct.pack(">hi", 0, len(APIS))
        for api in APIS:
            body += struct.pack(">hhh", *api)
        if version >= 1:
            body += struct.pack(">i", 0)
        return body

    def sasl_authenticate():
        if scenario == "sasl-rejected":
            return struct.pack(">h", 58) + string("Authentication failed for the test broker.") + struct.pack(">i", 0)
        if scenario == "firewall":
            return struct.pack(">h", 29) + string("The request was rejected by firewall checks.") + struct.pack(">i", 0)
        return struct.pack(">hh", 0, -1) + struct.pack(">i", 0)

    def metadata(body):
        count = struct.unpack(">i", body[:4])[0]
        names, position = [], 4
        for _ in range(max(count, 0)):
            length = struct.unpack(">h", body[position:position + 2])[0]
            names.append(body[position + 2:position + 2 + length].decode())
            position += 2 + length
        out = struct.pack(">i", 1) + struct.pack(">i", 0) + string("127.0.0.1") + struct.pack(">i", port)
        out += struct.pack(">i", len(names))
        for name in names:
            if scenario == "topic-unauthorized":
                out += struct.pack(">h", 29) + string(name) + struct.pack(">i", 0)
            elif scenario == "unknown-topic":
                out += struct.pack(">h", 3) + string(name) + struct.pack(">i", 0)
            else:
                out += struct.pack(">h", 0) + string(name) + struct.pack(">i", 2)
                for partition in range(2):
                    out += struct.pack(">hiii", 0, partition, 0, 1) + struct.pack(">i", 0) + struct.pack(">ii", 1, 0)
        return out

    def serve(raw):
        try:
            conn = context.wrap_socket(raw, server_side=True)
        except Exception:
            raw.close()
            return
        try:
            while True:
                size = struct.unpack(">i", read_exact(conn, 4))[0]
                payload = read_exact(conn, size)
                api_key, version, correlation = struct.unpack(">hhi", payload[:8])
                client_length = struct.unpack(">h", payload[8:10])[0]
                body = payload[10 + max(client_length, 0):]
                if api_key == 18:
                    response = api_versions(version)
                elif api_key == 17:
                    response = struct.pack(">hi", 0, 1) + string("PLAIN")
                elif api_key == 36:
                    response = sasl_authenticate()
                elif api_key == 3:
                    response = metadata(body)
                elif api_key == 10:
                    response = struct.pack(">hi", 15, -1) + string("") + struct.pack(">i", -1)
                else:
                    break
                conn.sendall(struct.pack(">ii", 4 + len(response), correlation) + response)
        except Exception:
            pass
        finally:
            conn.close()

    while True:
        connection, _ = listener.accept()
        threading.Thread(target=serve, args=(connection,), daemon=True).start()
    """#
}
