import Foundation
import TestSupport

/// A throwaway certificate authority and server certificates, made with the `openssl` command in a temporary
/// folder that is removed when the value goes away. Keys are EC P-256, which is quick to generate.
///
/// The initializer and ``issueServerCertificate(hosts:)`` wait for `openssl`; async tests call ``make(commonName:)``
/// and ``issue(hosts:)``, which wait on a dedicated thread instead of a cooperative one.
final class TestCertificateAuthority: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A server certificate and its key, as PEM text.
    struct ServerCertificate {
        var certificatePEM: String
        var privateKeyPEM: String
    }

    let directory: URL
    /// The CA certificate, the file a client trusts.
    let certificateFile: URL
    private let keyFile: URL

    /// Creates the CA, named `commonName`, valid for one day.
    init(commonName: String = "ehbridge test CA") throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("ehbridge-tls-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        certificateFile = directory.appendingPathComponent("ca.pem")
        keyFile = directory.appendingPathComponent("ca.key")

        try Self.openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", keyFile.path, "-out", certificateFile.path, "-days", "1", "-subj", "/CN=\(commonName)",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Creates a CA on a dedicated thread.
    static func make(commonName: String = "ehbridge test CA") async throws -> TestCertificateAuthority {
        try await onDedicatedThread { try TestCertificateAuthority(commonName: commonName) }
    }

    /// Issues a server certificate on a dedicated thread.
    func issue(hosts: [String]) async throws -> ServerCertificate {
        try await Self.onDedicatedThread { try self.issueServerCertificate(hosts: hosts) }
    }

    private static func onDedicatedThread<Value>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
            let thread = Thread {
                continuation.resume(with: Result { try work() })
            }
            thread.start()
        }
    }

    /// Issues a server certificate for the DNS names `hosts`, signed by this CA.
    func issueServerCertificate(hosts: [String]) throws -> ServerCertificate {
        let name = UUID().uuidString
        let key = directory.appendingPathComponent("\(name).key")
        let request = directory.appendingPathComponent("\(name).csr")
        let certificate = directory.appendingPathComponent("\(name).pem")
        let extensions = directory.appendingPathComponent("\(name).ext")

        let alternativeNames = hosts.map { "DNS:\($0)" }.joined(separator: ",")
        try Data("""
            basicConstraints=critical,CA:FALSE
            keyUsage=critical,digitalSignature
            extendedKeyUsage=serverAuth
            subjectAltName=\(alternativeNames)

            """.utf8).write(to: extensions)
        try Self.openssl([
            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key.path, "-out", request.path, "-subj", "/CN=\(hosts.first ?? "server")",
        ])
        try Self.openssl([
            "x509", "-req", "-in", request.path, "-CA", certificateFile.path, "-CAkey", keyFile.path,
            "-CAcreateserial", "-out", certificate.path, "-days", "1", "-extfile", extensions.path,
        ])
        return ServerCertificate(
            certificatePEM: try String(contentsOf: certificate, encoding: .utf8),
            privateKeyPEM: try String(contentsOf: key, encoding: .utf8)
        )
    }

    /// Runs `openssl` with `arguments` and throws its standard error when it fails.
    private static func openssl(_ arguments: [String]) throws {
        let process = SpawnedProcess()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let output = errors.fileHandleForReading.readToEndRetryingInterrupts()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "openssl \(arguments.first ?? "") exited with status "
                + "\(process.terminationStatus): \(String(decoding: output, as: UTF8.self))")
        }
    }
}
