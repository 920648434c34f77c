import Foundation

/// Collects the problems of a configuration so that validation reports all of them at once.
struct ConfigurationChecks {
    private(set) var problems: [KafkaConfigurationError.Problem] = []

    mutating func add(_ problem: KafkaConfigurationError.Problem) {
        problems.append(problem)
    }

    mutating func add(contentsOf more: [KafkaConfigurationError.Problem]) {
        problems.append(contentsOf: more)
    }

    mutating func requireText(_ value: String, field: String, fix: String) {
        if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            add(.missingValue(field: field, fix: fix))
        }
    }

    mutating func checkBootstrapServers(_ servers: [String], field: String) {
        if servers.isEmpty {
            add(.missingValue(field: field, fix: "give at least one broker as host:port"))
            return
        }
        for server in servers {
            let isBlank = server.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            let hasSeparator = server.contains { $0 == "," || $0 == " " || $0 == "\t" }
            if isBlank || hasSeparator {
                add(.invalidValue(
                    field: field, value: "\"\(server)\"", fix: "give each broker as one host:port entry"
                ))
            }
        }
    }

    /// Checks that `duration` is within `range`, counted in whole milliseconds.
    mutating func checkMilliseconds(_ duration: Duration, field: String, range: ClosedRange<Int64>) {
        let milliseconds = duration.wholeMilliseconds
        if !range.contains(milliseconds) {
            add(.invalidValue(
                field: field, value: "\(milliseconds) ms",
                fix: "use \(range.lowerBound) to \(range.upperBound) milliseconds"
            ))
        }
    }

    mutating func checkInteger(_ value: Int, field: String, range: ClosedRange<Int>, unit: String) {
        if !range.contains(value) {
            add(.invalidValue(
                field: field, value: "\(value) \(unit)", fix: "use \(range.lowerBound) to \(range.upperBound) \(unit)"
            ))
        }
    }

    mutating func checkSecurity(_ security: KafkaSecurity, field: String) {
        guard case .saslSSL(let credentials, let tls) = security else { return }

        if credentials.username.isEmpty {
            add(.missingValue(
                field: "\(field).username",
                fix: "give the SASL username; if it starts with $, make sure no shell or template expanded it"
            ))
        }
        if credentials.password.isEmpty {
            add(.missingValue(field: "\(field).password", fix: "give the SASL password"))
        }
        if let caLocation = tls.caLocation, caLocation.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            add(.invalidValue(
                field: "\(field).tls.caLocation", value: "\"\"",
                fix: "give a CA file or directory path, or nil for OpenSSL's default locations"
            ))
        }
    }

    func throwIfAny() throws(KafkaConfigurationError) {
        if !problems.isEmpty {
            throw KafkaConfigurationError(problems: problems)
        }
    }
}

extension KafkaSecurity {
    /// Adds `security.protocol` and, for SASL_SSL, the SASL and TLS properties.
    func render(into properties: inout KafkaProperties) {
        switch self {
        case .plaintext:
            properties.set("security.protocol", "plaintext")
        case .saslSSL(let credentials, let tls):
            properties.set("security.protocol", "sasl_ssl")
            properties.set("sasl.mechanisms", credentials.mechanism.rawValue)
            properties.set("sasl.username", credentials.username)
            properties.set("sasl.password", .secret(credentials.password))
            if let caLocation = tls.caLocation {
                properties.set("ssl.ca.location", caLocation)
            }
            properties.set("enable.ssl.certificate.verification", "true")
            properties.set("ssl.endpoint.identification.algorithm", "https")
        }
    }
}

extension Bool {
    var librdkafkaValue: String { self ? "true" : "false" }
}
