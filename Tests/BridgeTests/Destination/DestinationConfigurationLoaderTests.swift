@testable import Bridge
import Core
import Foundation
import SLS
import Testing
import TestSupport

/// The `destination:` keys of the SLS client: credentials, signature, TLS, shard routing and limits.
@Suite("destination configuration keys")
struct DestinationConfigurationLoaderTests {
    private static let environment = ["SLS_ACCESS_KEY_ID": "env-key-id", "SLS_ACCESS_KEY_SECRET": "env-secret-6f1e"]

    /// Returns a whole configuration whose `destination:` has the common keys plus `lines`.
    private static func yaml(destination lines: [String], credentials: [String]? = nil) -> String {
        let credentialLines = credentials ?? [
            "access_key_id: ${SLS_ACCESS_KEY_ID}", "access_key_secret: ${SLS_ACCESS_KEY_SECRET}",
        ]
        let destination = (["mode: user-log-service", "project: example-project", "logstore: azure-logs"]
            + credentialLines + lines).map { "  " + $0 }
        return (["source:", "  bootstrap_servers: [127.0.0.1:9092]", "  hub: activity", "  consumer_group: bridge",
                 "destination:"] + destination).joined(separator: "\n") + "\n"
    }

    private func load(_ lines: [String], credentials: [String]? = nil, baseDirectory: String = "/tmp")
        throws -> DestinationConfiguration
    {
        let loader = BridgeConfigurationLoader(environment: Self.environment, hostName: "test-host")
        return try loader.load(yaml: Self.yaml(destination: lines, credentials: credentials), baseDirectory: baseDirectory)
            .destination
    }

    /// Loads a configuration that must fail and returns its problems.
    private func problems(_ lines: [String], credentials: [String]? = nil) -> [ConfigurationProblem] {
        do {
            _ = try load(lines, credentials: credentials)
            Issue.record("expected configuration problems")
            return []
        } catch let error as ConfigurationError {
            return error.problems
        } catch {
            Issue.record("expected a ConfigurationError, got \(error)")
            return []
        }
    }

    // MARK: - Credentials

    @Test func accessKeyPairWithToken() throws {
        let destination = try load(["endpoint: cn-shanghai.log.aliyuncs.com", "security_token: inline-token-8c1d"])

        guard case .accessKey(let id, let secret, let token) = destination.credentials else {
            Issue.record("expected an AccessKey pair, got \(destination.credentials)")
            return
        }
        #expect(id == "env-key-id")
        #expect(secret.revealed() == "env-secret-6f1e")
        #expect(token?.revealed() == "inline-token-8c1d")
    }

    @Test func credentialsFileResolvesRelativePath() throws {
        let destination = try load(["endpoint: cn-shanghai.log.aliyuncs.com", "credentials_file: sts.json"],
                                   credentials: [], baseDirectory: NSTemporaryDirectory())

        guard case .stsFile(let path) = destination.credentials else {
            Issue.record("expected an STS file, got \(destination.credentials)")
            return
        }
        #expect(path.hasSuffix("/sts.json"))
        #expect(path.hasPrefix("/"))
    }

    @Test func credentialsFileInMissingFolderIsProblem() {
        let found = problems(["endpoint: cn-shanghai.log.aliyuncs.com",
                              "credentials_file: /nonexistent/ehbridge/sts.json"], credentials: [])
        #expect(found.map(\.key) == ["destination.credentials_file"])
    }

    @Test func credentialsURLIsRead() throws {
        let destination = try load(["endpoint: cn-shanghai.log.aliyuncs.com",
                                    "credentials_url: http://127.0.0.1:8080/credentials"], credentials: [])

        guard case .url(let url) = destination.credentials else {
            Issue.record("expected a URL, got \(destination.credentials)")
            return
        }
        #expect(url == "http://127.0.0.1:8080/credentials")
    }

    @Test func credentialsURLWithoutSchemeIsProblem() {
        let found = problems(["endpoint: cn-shanghai.log.aliyuncs.com", "credentials_url: 127.0.0.1/credentials"],
                             credentials: [])
        #expect(found.map(\.key) == ["destination.credentials_url"])
    }

    @Test func invalidCredentialsURLIsNotQuoted() {
        let found = problems(["endpoint: cn-shanghai.log.aliyuncs.com",
                              "credentials_url: reader:pass-5e1d@127.0.0.1/credentials?token=token-9a4c"], credentials: [])
        #expect(found.map(\.key) == ["destination.credentials_url"])
        let text = found.map { "\($0.problem) \($0.fix)" }.joined()
        #expect(!text.contains("pass-5e1d"))
        #expect(!text.contains("token-9a4c"))
    }

    @Test func twoCredentialSourcesAreProblem() {
        let found = problems(["endpoint: cn-shanghai.log.aliyuncs.com",
                              "credentials_url: http://127.0.0.1:8080/credentials"])
        #expect(found.map(\.key) == ["destination.credentials_url"])
        #expect(found.first?.fix.contains("one credential source") == true)
    }

    @Test func missingCredentialsNameAlternatives() {
        let found = problems(["endpoint: cn-shanghai.log.aliyuncs.com"], credentials: [])
        #expect(found.map(\.key) == ["destination.access_key_id", "destination.access_key_secret"])
        #expect(found.first?.fix.contains("credentials_file") == true)
    }

    @Test func tokenWithoutKeyPairIsProblem() {
        let found = problems(["endpoint: cn-shanghai.log.aliyuncs.com", "security_token: lonely-token-0a9b",
                              "credentials_url: http://127.0.0.1:8080/credentials"], credentials: [])
        #expect(found.map(\.key) == ["destination.security_token"])
    }

    @Test func problemsNeverQuoteSecrets() {
        let found = problems(["endpoint: cn-shanghai.log.aliyuncs.com", "security_token: quoted-token-77e1"],
                             credentials: ["access_key_secret: ${SLS_ACCESS_KEY_SECRET}"])
        #expect(!found.isEmpty)
        for problem in found {
            #expect(!problem.description.contains("env-secret-6f1e"))
            #expect(!problem.description.contains("quoted-token-77e1"))
        }
    }

    /// A literal secret may contain `${`, and the text after it is part of the secret, not a variable name.
    @Test(arguments: ["access_key_secret: ab${PARTOFSECRET91}cd", "access_key_secret: x${bad-part-4d}y",
                      "access_key_secret: ${bad-part-4d}"])
    func expansionErrorsOfSecretsQuoteNoReference(line: String) {
        let found = problems(["endpoint: cn-shanghai.log.aliyuncs.com"], credentials: [line, "access_key_id: id-1"])
        #expect(found.map(\.key) == ["destination.access_key_secret"])
        for problem in found {
            #expect(!problem.description.contains("PARTOFSECRET91"))
            #expect(!problem.description.contains("bad-part-4d"))
        }
    }

    // MARK: - Signature and region

    @Test func v4DerivesRegionFromInternalEndpoint() throws {
        let destination = try load(["endpoint: cn-shanghai-intranet.log.aliyuncs.com", "signature_version: v4"])

        #expect(destination.signatureScheme == .v4)
        #expect(destination.region == nil)
        #expect(destination.signingRegion == "cn-shanghai")
        #expect(BridgeService.clientConfiguration(destination).signatureVersion == .v4(region: "cn-shanghai"))
    }

    @Test func v4WithAcceleratedEndpointNeedsRegion() throws {
        let found = problems(["endpoint: log-global.aliyuncs.com", "signature_version: v4"])
        #expect(found.map(\.key) == ["destination.region"])

        let destination = try load(["endpoint: log-global.aliyuncs.com", "signature_version: v4",
                                    "region: ap-southeast-1"])
        #expect(BridgeService.clientConfiguration(destination).signatureVersion == .v4(region: "ap-southeast-1"))
    }

    @Test func regionOtherThanEndpointsIsProblem() {
        let found = problems(["endpoint: cn-shanghai.log.aliyuncs.com", "signature_version: v4",
                              "region: cn-hangzhou"])
        #expect(found.map(\.key) == ["destination.region"])
    }

    @Test func malformedRegionIsProblem() {
        let found = problems(["endpoint: log-global.aliyuncs.com", "region: CN Shanghai"])
        #expect(found.map(\.key) == ["destination.region"])
    }

    @Test func unknownSignatureVersionIsProblem() {
        let found = problems(["endpoint: cn-shanghai.log.aliyuncs.com", "signature_version: v2"])
        #expect(found.map(\.key) == ["destination.signature_version"])
    }

    /// After `RequestTimeExpired` the client follows the server's clock, and STS expiry is judged by it too.
    @Test func stsExpiryFollowsServerClock() throws {
        let folder = try PackagePaths.temporaryDirectory("sts-clock")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/sts.json"
        let credentials = SLSCredentials(accessKeyID: "STS.clock", accessKeySecret: Secret("sts-clock-secret-51a7"),
                                         securityToken: Secret("sts-clock-token-51a7"))
        let expiration = Int64(Date().timeIntervalSince1970) + 3600
        try Data(STSCredentialDocument(credentials: credentials, expiration: expiration).encoded())
            .write(to: URL(fileURLWithPath: path))
        var destination = try load(["endpoint: cn-shanghai.log.aliyuncs.com"])
        destination.credentials = .stsFile(path: path)
        let client = BridgeService.clientConfiguration(destination)
        #expect(try client.credentialProvider.credentials().accessKeyID == "STS.clock")

        client.serverClock.setOffset(seconds: 7200)

        #expect(client.credentialProvider.cachedCredentials() == nil, "expired by the server's clock")
        #expect(throws: CredentialError.self) { try client.credentialProvider.credentials() }
    }

    @Test func defaultsAreV1HTTPSAndLz4() throws {
        let destination = try load(["endpoint: cn-shanghai.log.aliyuncs.com"])
        let client = BridgeService.clientConfiguration(destination)

        #expect(destination.signatureScheme == .v1)
        #expect(client.signatureVersion == .v1)
        #expect(client.endpoint.scheme == .https)
        #expect(client.tls.caFile == nil)
        #expect(destination.compression == .lz4)
        #expect(destination.shardHashField == nil)
        #expect(destination.maxBytesPerSecond == nil)
        #expect(client.validate().isEmpty)
    }

    // MARK: - TLS

    @Test func caFileWithHTTPIsProblem() {
        let found = problems([
            "endpoint: sls.test", "scheme: http", "connect_address: 127.0.0.1:18080",
            "ca_file: /etc/ssl/certs/ca-certificates.crt",
        ])
        #expect(found.map(\.key) == ["destination.ca_file"])
    }

    @Test func httpToRemoteEndpointIsProblem() {
        // A file pointed at a local server, with its connect_address line removed.
        let found = problems(["endpoint: cn-shanghai.log.aliyuncs.com", "scheme: http"])

        #expect(found.map(\.key) == ["destination.scheme"])
        #expect(found.first?.fix.contains("connect_address") == true)
    }

    @Test func httpNeedsConnectAddress() {
        #expect(throws: Never.self) {
            try load(["endpoint: cn-shanghai.log.aliyuncs.com", "scheme: http", "connect_address: 127.0.0.1:18080"])
        }
        // Requests would go to {project}.127.0.0.1 and {project}.localhost, as DNS resolves those names.
        #expect(problems(["endpoint: 127.0.0.1", "scheme: http"]).map(\.key) == ["destination.scheme"])
        #expect(problems(["endpoint: localhost", "scheme: http"]).map(\.key) == ["destination.scheme"])
    }

    @Test func unreadableCAFileIsProblem() {
        let found = problems(["endpoint: cn-shanghai.log.aliyuncs.com", "ca_file: /nonexistent/ehbridge-ca.pem"])
        #expect(found.map(\.key) == ["destination.ca_file"])
    }

    @Test func readableCAFileReachesClient() throws {
        let folder = NSTemporaryDirectory() + "ehbridge-ca-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("-----BEGIN CERTIFICATE-----\n".utf8).write(to: URL(fileURLWithPath: folder + "/ca.pem"))

        let destination = try load(["endpoint: cn-shanghai.log.aliyuncs.com", "ca_file: ca.pem"], baseDirectory: folder)

        #expect(BridgeService.clientConfiguration(destination).tls.caFile == folder + "/ca.pem")
    }

    // MARK: - Routing and limits

    @Test func shardHashFieldAndLimitsAreRead() throws {
        let destination = try load(["endpoint: cn-shanghai.log.aliyuncs.com", "compression: zstd",
                                    "shard_hash_field: resourceId", "max_bytes_per_second: 1048576",
                                    "max_concurrent_requests: 4", "max_connections: 6"])

        #expect(destination.compression == .zstd)
        #expect(destination.shardHashField == "resourceId")
        #expect(destination.maxBytesPerSecond == 1_048_576)
        #expect(destination.maxConnections == 6)
        #expect(destination.concurrencyLimiterConfiguration.maxConcurrencyPerLogstore == 4)
        #expect(destination.concurrencyLimiterConfiguration.maxBytesPerSecond == 1_048_576)
        #expect(BridgeService.clientConfiguration(destination).maxConnections == 6)
    }

    @Test func fewerConnectionsThanRequestsIsProblem() {
        let found = problems(["endpoint: cn-shanghai.log.aliyuncs.com", "max_concurrent_requests: 8",
                              "max_connections: 2"])
        #expect(found.map(\.key) == ["destination.max_connections"])
    }

    @Test func tinyByteRateIsProblem() {
        let found = problems(["endpoint: cn-shanghai.log.aliyuncs.com", "max_bytes_per_second: 100"])
        #expect(found.map(\.key) == ["destination.max_bytes_per_second"])
    }

    @Test func shardHashBucketsFoldKeys() throws {
        let destination = try load(["endpoint: cn-shanghai.log.aliyuncs.com", "shard_hash_field: resourceId",
                                    "shard_hash_buckets: 64"])
        let entry = LogEntry(time: 1_700_000_000, contents: [LogContent("resourceId", "vault-1")])

        #expect(destination.shardHashBuckets == 64)
        #expect(destination.shardHashKey(for: entry) == ShardHashKey.key(forValue: "vault-1", buckets: 64))
        #expect(destination.shardHashKey(for: LogEntry(time: 1, contents: [])) == nil)
    }

    @Test func shardHashBucketsNotPowerOfTwoIsProblem() {
        let found = problems(["endpoint: cn-shanghai.log.aliyuncs.com", "shard_hash_field: resourceId",
                              "shard_hash_buckets: 48"])
        #expect(found.map(\.key) == ["destination.shard_hash_buckets"])
    }

    @Test func shardHashBucketsWithoutFieldIsProblem() {
        let found = problems(["endpoint: cn-shanghai.log.aliyuncs.com", "shard_hash_buckets: 64"])
        #expect(found.map(\.key) == ["destination.shard_hash_buckets"])
    }

    @Test func emptyShardHashFieldIsProblem() {
        let found = problems(["endpoint: cn-shanghai.log.aliyuncs.com", "shard_hash_field: \"\""])
        #expect(found.map(\.key) == ["destination.shard_hash_field"])
    }
}
