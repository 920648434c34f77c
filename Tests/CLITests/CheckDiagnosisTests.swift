import Core
import Kafka
import SLS
import Testing
@testable import Bridge

/// The mapping from librdkafka and SLS failures to the one-line diagnoses of `check` and the Kafka error logs.
@Suite struct CheckDiagnosisTests {
    @Test func kafkaErrorsMapToDiagnoses() {
        let cases: [(KafkaError, Diagnosis?)] = [
            (KafkaError(code: .ssl, message: "ssl://ns:9093/bootstrap: SSL handshake failed: error:0A000086:SSL routines::"
                + "certificate verify failed: broker certificate could not be verified"), EventHubsDiagnosis.caCertificates),
            (KafkaError(code: .ssl, message: "ssl://ns:9093/bootstrap: SSL handshake failed: Connection reset by peer"),
             EventHubsDiagnosis.tlsHandshake),
            (KafkaError(code: .transport, message: "sasl_ssl://127.0.0.1:41719/bootstrap: SSL handshake failed: "
                + "Disconnected: connecting to a PLAINTEXT broker listener? (after 0ms in state SSL_HANDSHAKE)"),
             EventHubsDiagnosis.tlsHandshake),
            (KafkaError(code: .topicAuthorizationFailed, message: "sasl_ssl://ns:9093/bootstrap: SASL authentication error: "
                + "The request was rejected by firewall checks. (after 3ms in state AUTH_REQ)"), EventHubsDiagnosis.firewall),
            (KafkaError(code: .authentication, message: "SASL authentication error: Invalid credentials (after 5ms in state AUTH_REQ)"),
             EventHubsDiagnosis.authentication),
            (KafkaError(code: .saslAuthenticationFailed, message: "Authentication failed"), EventHubsDiagnosis.authentication),
            (KafkaError(code: .topicAuthorizationFailed, message: "Broker: Topic authorization failed"),
             EventHubsDiagnosis.topicAuthorization),
            (KafkaError(code: .groupAuthorizationFailed, message: "Broker: Group authorization failed"),
             EventHubsDiagnosis.groupAuthorization),
            (KafkaError(code: .unknownTopicOrPartition, message: "Broker: Unknown topic or partition"), EventHubsDiagnosis.unknownHub),
            (KafkaError(code: .resolve, message: "Failed to resolve 'ns.servicebus.windows.net:9093'"), EventHubsDiagnosis.nameResolution),
            (KafkaError(code: .transport, message: "Connect to ipv4#10.0.0.1:9093 failed: Connection refused"), EventHubsDiagnosis.unreachable),
            (KafkaError(code: .allBrokersDown, message: "1/1 brokers are down"), EventHubsDiagnosis.unreachable),
            (KafkaError(code: .timedOut, message: "Local: Timed out"), EventHubsDiagnosis.timedOut),
            (KafkaError(code: .rebalanceInProgress, message: "Broker: Group rebalance in progress"), nil),
        ]
        for (error, expected) in cases {
            #expect(EventHubsDiagnosis.diagnose(error) == expected, "\(error.code.name): \(error.message)")
        }
    }

    @Test func kafkaFixesNameOverriddenBootstrapServers() throws {
        let servers = ["127.0.0.1:39092", "127.0.0.1:39093"]
        let refused = KafkaError(code: .transport, message: "Connect to ipv4#127.0.0.1:39092 failed: Connection refused")
        let unreachable = try #require(EventHubsDiagnosis.diagnose(refused, bootstrapServers: servers))
        #expect(unreachable.id == EventHubsDiagnosis.unreachable.id)
        #expect(unreachable.fix.contains("127.0.0.1:39092,127.0.0.1:39093"))
        #expect(!unreachable.fix.contains("<namespace>"))
        #expect(unreachable.summary == "The Kafka endpoint 127.0.0.1:39092,127.0.0.1:39093 could not be reached "
            + "(connection refused, reset or timed out)")

        let timeout = KafkaError(code: .timedOut, message: "Local: Timed out")
        let timedOut = try #require(EventHubsDiagnosis.diagnose(timeout, bootstrapServers: servers))
        #expect(timedOut.summary == "No Kafka broker at 127.0.0.1:39092,127.0.0.1:39093 answered the metadata request in time")

        let handshake = KafkaError(code: .ssl, message: "SSL handshake failed: Disconnected: connecting to a PLAINTEXT broker listener?")
        let tls = try #require(EventHubsDiagnosis.diagnose(handshake, bootstrapServers: servers))
        #expect(tls.fix.contains("127.0.0.1:39092"))
        #expect(tls.fix.contains("plaintext Kafka listener"))

        let authentication = KafkaError(code: .authentication, message: "SASL authentication error")
        #expect(EventHubsDiagnosis.diagnose(authentication, bootstrapServers: servers) == EventHubsDiagnosis.authentication)
        #expect(EventHubsDiagnosis.diagnose(refused, bootstrapServers: []) == EventHubsDiagnosis.unreachable)
    }

    @Test func probeWaitsOutTransientConnectionErrors() {
        #expect(EventHubsProbe.conclusiveDiagnosis(of: KafkaError(code: .transport, message: "Connection refused")) != nil)
        #expect(EventHubsProbe.conclusiveDiagnosis(of: KafkaError(code: .transport, message: "Connection reset by peer")) == nil)
        #expect(EventHubsProbe.conclusiveDiagnosis(of: KafkaError(code: .allBrokersDown, message: "1/1 brokers are down")) == nil)
        #expect(EventHubsProbe.conclusiveDiagnosis(of: KafkaError(code: .timedOut, message: "Local: Timed out")) == nil)
        #expect(EventHubsProbe.conclusiveDiagnosis(of: KafkaError(code: .authentication, message: "x")) == EventHubsDiagnosis.authentication)
    }

    @Test func unknownTopicOfPlainKafkaNamesTopic() {
        let unknown = KafkaError(code: .unknownTopicOrPartition, message: "Broker: Unknown topic or partition")

        let plain = EventHubsProbe.metadataDiagnosis(of: unknown, isEventHubs: false, bootstrapServers: ["127.0.0.1:9092"])
        let hub = EventHubsProbe.metadataDiagnosis(of: unknown, isEventHubs: true, bootstrapServers: [])

        #expect(plain == EventHubsDiagnosis.unknownTopic)
        #expect(plain.summary.contains("topic does not exist on the Kafka cluster"))
        #expect(hub == EventHubsDiagnosis.unknownHub)
    }

    @Test func transportFailuresMapToDiagnoses() {
        let cases: [(TransportError.Kind, String)] = [
            (.nameResolution, "sls.endpoint_resolve"), (.tls, "sls.tls"), (.connect, "sls.unreachable"),
            (.timeout, "sls.unreachable"), (.exchange, "sls.unreachable"), (.other, "sls.request_failed"),
        ]
        for (kind, id) in cases {
            let failure = PutLogsFailure.transport(TransportError(kind: kind, curlCode: 6, curlMessage: "libcurl text"))
            let diagnosis = SLSDiagnosis.diagnose(failure, project: "p", logstore: "l", endpoint: "cn-hangzhou.log.aliyuncs.com",
                                                  localTime: 0)
            #expect(diagnosis.id == id, "\(kind)")
        }
    }

    @Test func slsConnectionFixNamesSchemePortAndConnectAddress() {
        let failure = PutLogsFailure.transport(TransportError(kind: .connect, curlCode: 7, curlMessage: "refused"))
        func fix(_ endpoint: SLSEndpoint) -> String {
            let route = SLSDiagnosis.Route(endpoint: endpoint, credentials: .url("http://127.0.0.1:1/credentials"))
            return SLSDiagnosis.diagnose(failure, project: "p", logstore: "l", endpoint: endpoint.host, localTime: 0,
                                         route: route).fix
        }

        #expect(fix(SLSEndpoint(host: "cn-hangzhou.log.aliyuncs.com")).contains("outbound HTTPS (port 443)"))
        #expect(fix(SLSEndpoint(host: "cn-hangzhou.log.aliyuncs.com", scheme: .http)).contains("outbound HTTP (port 80)"))
        #expect(fix(SLSEndpoint(host: "h", scheme: .https, port: 8443)).contains("(port 8443)"))
        let local = fix(.local(port: 18080))
        #expect(local.contains("destination.connect_address (127.0.0.1:18080)"))
        #expect(!local.contains("443"))
    }

    @Test func slsCredentialFixesNameTheCredentialSource() {
        let unauthorized = PutLogsFailure.service(
            SLSServiceError(httpStatus: 401, code: "InvalidAccessKeyId", message: "m", requestID: nil), serverTime: nil
        )
        let signature = PutLogsFailure.service(
            SLSServiceError(httpStatus: 401, code: "SignatureNotMatch", message: "m", requestID: nil), serverTime: nil
        )
        func fix(_ failure: PutLogsFailure, _ credentials: DestinationConfiguration.Credentials) -> String {
            SLSDiagnosis.diagnose(failure, project: "p", logstore: "l", endpoint: "e", localTime: 0,
                                  route: SLSDiagnosis.Route(endpoint: SLSEndpoint(host: "e"), credentials: credentials)).fix
        }

        let file = DestinationConfiguration.Credentials.stsFile(path: "/run/sts.json")
        #expect(fix(unauthorized, file).contains("destination.credentials_file"))
        #expect(!fix(unauthorized, file).contains("access_key_id"))
        #expect(fix(signature, file).contains("destination.credentials_file"))
        #expect(fix(signature, .url("http://127.0.0.1:1/c")).contains("destination.credentials_url"))
        let pair = DestinationConfiguration.Credentials.accessKey(id: "id", secret: Secret("s"), securityToken: nil)
        #expect(fix(unauthorized, pair).contains("destination.access_key_id"))
        #expect(fix(signature, pair).contains("destination.access_key_secret"))

        let token = PutLogsFailure.service(
            SLSServiceError(httpStatus: 401, code: "Unauthorized", message: "The security token you provided is invalid.",
                            requestID: nil), serverTime: nil
        )
        let temporaryPair = DestinationConfiguration.Credentials.accessKey(
            id: "id", secret: Secret("s"), securityToken: Secret("t")
        )
        #expect(fix(token, temporaryPair).hasPrefix("Set destination.security_token"))
        #expect(fix(token, file).contains("SecurityToken"))
        #expect(fix(token, .url("http://127.0.0.1:1/c")).contains("destination.credentials_url"))
    }

    @Test func serviceErrorsMapToDiagnoses() {
        let cases: [(Int, String, String)] = [
            (404, "ProjectNotExist", "sls.project"), (404, "LogStoreNotExist", "sls.logstore"),
            (401, "Unauthorized", "sls.unauthorized"), (401, "InvalidAccessKeyId", "sls.unauthorized"),
            (403, "ProjectForbidden", "sls.unauthorized"), (401, "SignatureNotMatch", "sls.signature"),
            (400, "RequestTimeExpired", "sls.clock_skew"), (503, "ServerBusy", "sls.error"),
        ]
        for (status, code, id) in cases {
            let error = SLSServiceError(httpStatus: status, code: code, message: "m", requestID: "R1")
            let diagnosis = SLSDiagnosis.diagnose(.service(error, serverTime: 2_000), project: "p", logstore: "l",
                                                  endpoint: "e", localTime: 1_000)
            #expect(diagnosis.id == id, "\(code)")
        }
        let skew = SLSDiagnosis.diagnose(.service(SLSServiceError(httpStatus: 400, code: "RequestTimeExpired", message: "",
                                                                  requestID: nil), serverTime: 2_000),
                                         project: "p", logstore: "l", endpoint: "e", localTime: 1_000)
        #expect(skew.summary.contains("by 1000 seconds"))
    }

    @Test func clockWarningStartsAboveFiveMinutes() {
        #expect(SLSDiagnosis.clockWarning(serverTime: 1_300, localTime: 1_000) == nil)
        #expect(SLSDiagnosis.clockWarning(serverTime: 1_301, localTime: 1_000)?.id == "sls.clock_skew")
        #expect(SLSDiagnosis.clockWarning(serverTime: 0, localTime: 400)?.summary.contains("-400 seconds") == true)
    }

    @Test func resultLinesShowCauseOnlyForProblems() {
        let passed = CheckResult(subject: "SLS", status: .passed, message: "fine", detail: "ignored")
        #expect(passed.lines == ["[ok] SLS: fine"])
        let failed = CheckResult(subject: "SLS", status: .failed, message: "broken. Fix: repair", detail: "libcurl text")
        #expect(failed.lines == ["[FAIL] SLS: broken. Fix: repair", "       cause: libcurl text"])
    }
}
