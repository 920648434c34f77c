import Core
import Foundation
import HTTPServer

/// The command line of `ehbridge-local-sls`, parsed into a server configuration. The executable offers no way
/// to read stored requests, so the configuration keeps only totals.
public struct LocalSLSOptions: Sendable {
    public var configuration: LocalSLSConfiguration
    public var logFormat: LogFormat
    /// Faults to queue once the server listens, in the order given.
    public var faults: [FaultOption] = []

    /// The outcome of parsing: options to run with, or a request for the help text.
    public enum Parsed: Sendable {
        case run(LocalSLSOptions)
        case help
    }

    /// A command-line mistake, with the message to print before the usage hint.
    public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String

        public init(message: String) {
            self.message = message
        }

        public var description: String { message }
    }

    public static let helpText = """
        Usage: ehbridge-local-sls --access-key-id ID --access-key-secret SECRET --project NAME \
        (--logstore NAME... | --any-logstore) [options]

        Runs an SLS-compatible PutLogs server on loopback for tests and demos. It checks requests the way
        Alibaba Cloud SLS does (project, Logstore, headers, v1 and v4 signatures, request time, body) and
        discards accepted logs after counting them. It prints the bound port on standard output, one log line
        per request on standard error, and stops on SIGINT or SIGTERM with a line of totals per Logstore.

        Options:
          --host ADDRESS               numeric address to listen on (default 127.0.0.1; ::1 for IPv6)
          --port PORT                  TCP port (default 0: the system picks a free port)
          --access-key-id ID           AccessKey ID that may write (required)
          --access-key-secret SECRET   secret of that AccessKey (required)
          --project NAME               a project; repeat for several
          --logstore NAME              a Logstore of the preceding --project; repeat for several
          --any-logstore               accept every Logstore name in the preceding --project
          --max-logs-per-request N     reject LogGroups with more than N logs (default: no limit)
          --clock-offset SECONDS       move the server clock by SECONDS, to test clock skew (default 0)
          --tls-certificate FILE       serve HTTPS with this PEM certificate chain (needs --tls-key)
          --tls-key FILE               PEM private key of the certificate, unencrypted
          --region REGION              reject v4 signatures scoped to another region (default: any)
          --security-token TOKEN       require this STS token with the access key (default: none)
          --fault KIND[:COUNT]         answer the next COUNT requests (default 1) with a fault instead; repeat to
                                       queue several, applied in order. KIND: internal-error (500), server-busy
                                       (503), too-many-requests (429), write-quota, shard-quota (403),
                                       body-too-large, time-expired (400), unauthorized, signature-mismatch (401),
                                       disconnect (close without an answer) or delay=MS (answer after MS ms)
          --log-format logfmt|json     format of the log lines (default logfmt)
          --help                       print this help and exit

        Exit status: 0 after a signal, 1 when the server cannot start, 2 for a usage error.
        """

    /// Parses the arguments after the program name. Throws ``UsageError`` naming the first mistake.
    public static func parse(_ arguments: [String]) throws(UsageError) -> Parsed {
        var host = "127.0.0.1"
        var port: UInt16 = 0
        var accessKeyID: String?
        var accessKeySecret: String?
        var projects: [LocalSLSConfiguration.Project] = []
        var maxLogs: Int?
        var clockOffset: Int64 = 0
        var logFormat = LogFormat.logfmt
        var tlsCertificateFile: String?
        var tlsKeyFile: String?
        var region: String?
        var securityToken: String?
        var faults: [FaultOption] = []

        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            func value() throws(UsageError) -> String {
                guard let next = remaining.popFirst(), !next.hasPrefix("--") else {
                    throw UsageError(message: "\(argument) needs a value")
                }
                return next
            }

            switch argument {
            case "--help", "-h":
                return .help
            case "--host":
                host = try value()
            case "--port":
                let text = try value()
                guard let parsed = UInt16(text) else {
                    throw UsageError(message: "--port \(text) is not a port number; use 0 to 65535")
                }
                port = parsed
            case "--access-key-id":
                accessKeyID = try value()
            case "--access-key-secret":
                accessKeySecret = try value()
            case "--project":
                projects.append(LocalSLSConfiguration.Project(name: try value(), logstores: .named([])))
            case "--logstore":
                let name = try value()
                guard let last = projects.indices.last else {
                    throw UsageError(message: "--logstore \(name) comes before any --project; name the project first")
                }
                if case .named(var names) = projects[last].logstores {
                    names.insert(name)
                    projects[last].logstores = .named(names)
                }
            case "--any-logstore":
                guard let last = projects.indices.last else {
                    throw UsageError(message: "--any-logstore comes before any --project; name the project first")
                }
                projects[last].logstores = .any
            case "--max-logs-per-request":
                let text = try value()
                guard let parsed = Int(text), parsed > 0 else {
                    throw UsageError(message: "--max-logs-per-request \(text) is not a positive number")
                }
                maxLogs = parsed
            case "--clock-offset":
                let text = try value()
                guard let parsed = Int64(text) else {
                    throw UsageError(message: "--clock-offset \(text) is not a whole number of seconds")
                }
                clockOffset = parsed
            case "--tls-certificate":
                tlsCertificateFile = try value()
            case "--tls-key":
                tlsKeyFile = try value()
            case "--region":
                region = try value()
            case "--security-token":
                securityToken = try value()
            case "--fault":
                faults.append(try FaultOption.parse(try value()))
            case "--log-format":
                let text = try value()
                guard let parsed = LogFormat(rawValue: text) else {
                    throw UsageError(message: "--log-format \(text) is not supported; use logfmt or json")
                }
                logFormat = parsed
            default:
                throw UsageError(message: "unknown option \(argument)")
            }
        }

        guard let accessKeyID, !accessKeyID.isEmpty else {
            throw UsageError(message: "--access-key-id is missing")
        }
        guard let accessKeySecret, !accessKeySecret.isEmpty else {
            throw UsageError(message: "--access-key-secret is missing")
        }
        guard !projects.isEmpty else {
            throw UsageError(message: "--project is missing; name at least one project")
        }
        for project in projects where project.logstores == .named([]) {
            throw UsageError(message: "project \(project.name) has no --logstore; add one or give --any-logstore")
        }

        var tls: HTTPServerTLS?
        switch (tlsCertificateFile, tlsKeyFile) {
        case (let certificateFile?, let keyFile?):
            tls = HTTPServerTLS(
                certificateChainPEM: try readText(certificateFile, option: "--tls-certificate"),
                privateKeyPEM: Secret(try readText(keyFile, option: "--tls-key"))
            )
        case (nil, nil):
            tls = nil
        case (_?, nil):
            throw UsageError(message: "--tls-certificate needs --tls-key with the certificate's private key")
        case (nil, _?):
            throw UsageError(message: "--tls-key needs --tls-certificate with the certificate it belongs to")
        }

        let configuration = LocalSLSConfiguration(
            host: host, port: port,
            accessKeys: [LocalSLSConfiguration.AccessKey(id: accessKeyID, secret: Secret(accessKeySecret),
                                                         securityToken: securityToken.map { Secret($0) })],
            projects: projects, maxLogsPerRequest: maxLogs, clockOffsetSeconds: clockOffset,
            keepsRecords: false, tls: tls, region: region
        )
        return .run(LocalSLSOptions(configuration: configuration, logFormat: logFormat, faults: faults))
    }

    private static func readText(_ path: String, option: String) throws(UsageError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError(message: "\(option) \(path) cannot be read; check that the file exists and is readable")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
