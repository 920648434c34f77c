import Core
import Foundation
import HTTPServer
@testable import LocalSLS
import SLS
import Testing
import TestSupport

@Suite("LocalSLSServer checks")
struct LocalSLSServerTests {
    // MARK: - Accepted requests

    @Test func signedRequestIsStoredWithTotals() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            let request = try putLogsRequest()

            let response = try fixture.send(fixture.sign(request))

            #expect(response.status == 200)
            #expect(response.body.isEmpty)
            let requestID = try #require(response.header("x-log-requestid"))
            #expect(requestID.count == 24)
            let stored = try #require(fixture.server.acceptedRequests(project: "proj", logstore: "audit").first)
            #expect(stored.requestID == requestID)
            #expect(stored.logGroup == sampleGroup())
            #expect(stored.accessKeyID == ServerFixture.accessKeyID)
            #expect(stored.userAgent == "local-sls-tests")
            #expect(fixture.server.logGroups(project: "proj", logstore: "audit") == [sampleGroup()])
            #expect(fixture.server.totals(project: "proj", logstore: "audit") == LocalSLSTotals(
                requests: 1, logs: 2, compressedBytes: request.body.count, rawBytes: request.rawSize
            ))
            #expect(fixture.server.totals(project: "proj", logstore: "signin") == LocalSLSTotals())
        }
    }

    @Test func everyResponseCarriesRequestIDAndServerTime() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            fixture.server.setClockOffset(seconds: 86_400)
            let request = try putLogsRequest()

            let accepted = try fixture.send(fixture.sign(request))
            let rejected = try fixture.send(fixture.sign(request, secret: Secret("wrong-secret-value")))

            for response in [accepted, rejected] {
                #expect(response.header("x-log-requestid")?.count == 24)
                let serverTime = try #require(response.header("x-log-time").flatMap { Int64($0) })
                #expect(abs(serverTime - fixture.server.serverTime) <= 5)
                #expect(response.header("Date") == SLSDate.rfc1123(serverTime))
            }
            #expect(rejected.header("Content-Type") == "application/json")
            #expect(fixture.server.responses.map(\.status) == [200, 401])
        }
    }

    @Test func plainLogstorePathIsAccepted() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            var signed = fixture.sign(try putLogsRequest())
            signed.path = "/logstores/audit"
            signed.headers = resign(signed, path: signed.path)

            let response = try fixture.send(signed)

            #expect(response.status == 200)
            #expect(fixture.server.acceptedRequests().first?.shard == .logstore)
        }
    }

    @Test func editedPathBreaksV1Signature() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            let response = try fixture.send(fixture.sign(try putLogsRequest())) { $0.target = "/logstores/audit" }

            #expect(response.status == 401)
            #expect(response.errorCode == "SignatureNotMatch")
        }
    }

    @Test func routeKeyIsDecodedAndStored() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            let key = "0f 1e/2d+3c"
            let response = try fixture.send(fixture.sign(try putLogsRequest(hashKey: key)))

            #expect(response.status == 200)
            #expect(fixture.server.acceptedRequests().first?.shard == .hashKey(key))
        }
    }

    @Test func anyLogstoreProjectAcceptsNewNames() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            let response = try fixture.send(fixture.sign(try putLogsRequest(project: "open", logstore: "made-up-store")))

            #expect(response.status == 200)
            #expect(fixture.server.totals(project: "open", logstore: "made-up-store").requests == 1)
            #expect(fixture.server.allTotals.map { "\($0.project)/\($0.logstore)=\($0.totals.requests)" } == [
                "open/made-up-store=1",
            ])
        }
    }

    @Test(arguments: SLSCompression.allCases)
    func everyCompressionDecodes(compression: SLSCompression) async throws {
        try await blocking {
            let fixture = try ServerFixture()
            let response = try fixture.send(fixture.sign(try putLogsRequest(compression: compression)))

            #expect(response.status == 200)
            #expect(fixture.server.acceptedRequests().first?.compression == compression)
            #expect(fixture.server.acceptedRequests().first?.logGroup == sampleGroup())
        }
    }

    @Test func emptyCompressTypeMeansNone() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            let signed = fixture.sign(try putLogsRequest(compression: .none))
            let response = try fixture.send(resignV1(signed) { $0.set("x-log-compresstype", "") })

            #expect(response.status == 200)
        }
    }

    @Test func signatureV4IsVerified() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            let request = try putLogsRequest(hashKey: "abc def")

            let accepted = try fixture.send(fixture.sign(request, version: .v4(region: "cn-shanghai")))
            let rejected = try fixture.send(fixture.sign(request, secret: Secret("wrong-secret-value"),
                                                         version: .v4(region: "cn-shanghai")))

            #expect(accepted.status == 200)
            #expect(fixture.server.acceptedRequests().first?.signatureVersion == .v4(region: "cn-shanghai"))
            #expect(rejected.status == 401)
            #expect(rejected.errorCode == "SignatureNotMatch")
        }
    }

    @Test func signatureV4CoversSignedHeaders() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            let signed = fixture.sign(try putLogsRequest(), version: .v4(region: "cn-hangzhou"))

            let response = try fixture.send(signed) { $0.set("x-log-bodyrawsize", "999") }

            #expect(response.errorCode == "SignatureNotMatch")
        }
    }

    @Test func unsignedLogDateIsIgnoredByV1() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            let signed = fixture.sign(try putLogsRequest())
            let date = try #require(signed.headerValue("Date"))

            let response = try fixture.send(signed) { $0.set("x-log-date", date) }

            #expect(response.status == 200)
        }
    }

    @Test func securityTokenIsChecked() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            let request = try putLogsRequest()

            let accepted = try fixture.send(fixture.sign(request, accessKeyID: ServerFixture.stsAccessKeyID,
                                                         secret: ServerFixture.stsSecret,
                                                         securityToken: ServerFixture.stsToken))
            let missing = try fixture.send(fixture.sign(request, accessKeyID: ServerFixture.stsAccessKeyID,
                                                        secret: ServerFixture.stsSecret))
            let wrong = try fixture.send(fixture.sign(request, accessKeyID: ServerFixture.stsAccessKeyID,
                                                      secret: ServerFixture.stsSecret,
                                                      securityToken: Secret("another-token-x")))
            let unexpected = try fixture.send(fixture.sign(request, securityToken: ServerFixture.stsToken))

            #expect(accepted.status == 200)
            #expect(missing.errorCode == "Unauthorized")
            #expect(wrong.errorCode == "Unauthorized")
            #expect(unexpected.errorCode == "Unauthorized")
        }
    }

    // MARK: - Rejections, in check order

    @Test func wrongMethodIsParameterInvalid() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            let response = try fixture.send(fixture.sign(try putLogsRequest())) { $0.method = "PUT" }

            #expect(response.status == 400)
            #expect(response.errorCode == "ParameterInvalid")
        }
    }

    @Test(arguments: ["/", "/logstores", "/logstores/audit/shards", "/logstores/audit/shards/7", "/projects/x"])
    func unknownPathIsParameterInvalid(path: String) async throws {
        try await blocking {
            let fixture = try ServerFixture()
            let response = try fixture.send(fixture.sign(try putLogsRequest())) { $0.target = path }

            #expect(response.status == 400)
            #expect(response.errorCode == "ParameterInvalid")
        }
    }

    @Test func routeWithoutKeyIsParameterInvalid() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            let response = try fixture.send(fixture.sign(try putLogsRequest())) { $0.target = "/logstores/audit/shards/route" }

            #expect(response.errorCode == "ParameterInvalid")
        }
    }

    @Test func hostWithoutProjectIsInvalidHost() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            let response = try fixture.send(fixture.sign(try putLogsRequest())) { $0.set("Host", "localhost") }

            #expect(response.status == 400)
            #expect(response.errorCode == "InvalidHost")
        }
    }

    @Test func hostWithPortStillNamesProject() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            let response = try fixture.send(fixture.sign(try putLogsRequest())) { $0.set("Host", "nope.sls.test:8080") }

            #expect(response.status == 404)
            #expect(response.errorCode == "ProjectNotExist")
        }
    }

    @Test func unknownLogstoreIsLogStoreNotExist() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            let response = try fixture.send(fixture.sign(try putLogsRequest(logstore: "nope")))

            #expect(response.status == 404)
            #expect(response.errorCode == "LogStoreNotExist")
        }
    }

    @Test(arguments: [
        ("x-log-apiversion", nil, "MissingAPIVersion"),
        ("x-log-apiversion", "0.5.0", "InvalidAPIVersion"),
        ("Content-Type", nil, "MissingContentType"),
        ("Content-Type", "application/json", "InvalidContentType"),
        ("x-log-bodyrawsize", nil, "MissingBodyRawSize"),
        ("x-log-bodyrawsize", "12kb", "InvalidBodyRawSize"),
        ("x-log-bodyrawsize", "-1", "InvalidBodyRawSize"),
        ("x-log-compresstype", "gzip", "InvalidCompressType"),
        ("Authorization", nil, "Unauthorized"),
        ("Authorization", "Bearer abc", "ParameterInvalid"),
        ("Authorization", "LOG nobody:c2lnbmF0dXJl", "Unauthorized"),
    ] as [(String, String?, String)])
    func headerProblemGetsItsCode(header: String, value: String?, code: String) async throws {
        try await blocking {
            let fixture = try ServerFixture()
            let response = try fixture.send(fixture.sign(try putLogsRequest())) { raw in
                if let value { raw.set(header, value) } else { raw.remove(header) }
            }

            #expect(response.errorCode == code)
            #expect(response.status == (code == "Unauthorized" ? 401 : 400))
            #expect(fixture.server.acceptedRequests().isEmpty)
        }
    }

    @Test func skewBeyondFifteenMinutesIsRequestTimeExpired() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            let request = try putLogsRequest()

            let late = try fixture.send(fixture.sign(request, skewSeconds: -(15 * 60 + 30)))
            let early = try fixture.send(fixture.sign(request, skewSeconds: 15 * 60 + 30))
            let withinLimit = try fixture.send(fixture.sign(request, skewSeconds: -(14 * 60)))

            #expect(late.status == 400)
            #expect(late.errorCode == "RequestTimeExpired")
            #expect(early.errorCode == "RequestTimeExpired")
            #expect(withinLimit.status == 200)
        }
    }

    @Test func serverClockOffsetCausesSkew() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            let signed = fixture.sign(try putLogsRequest())
            fixture.server.setClockOffset(seconds: -3_600)

            let response = try fixture.send(signed)

            #expect(response.errorCode == "RequestTimeExpired")
            #expect(fixture.server.clockOffsetSeconds == -3_600)
        }
    }

    @Test func logDateOverridesDateForTheTimeCheck() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            let signed = fixture.sign(try putLogsRequest())

            let response = try fixture.send(signed) { $0.set("x-log-date", SLSDate.rfc1123(fixture.server.serverTime - 7_200)) }

            #expect(response.errorCode == "RequestTimeExpired")
        }
    }

    @Test func malformedDateIsInvalidDateFormat() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            let signed = fixture.sign(try putLogsRequest())

            let response = try fixture.send(signed) { $0.set("x-log-date", "yesterday") }

            #expect(response.errorCode == "InvalidDateFormat")
        }
    }

    @Test func bodyNotMatchingContentMD5IsRejected() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            let signed = fixture.sign(try putLogsRequest())

            let response = try fixture.send(signed) { $0.body[0] ^= 0xFF }

            #expect(response.status == 400)
            #expect(response.errorCode == "InvalidContentMD5")
        }
    }

    @Test func rawSizeOverLimitIsPostBodyTooLarge() async throws {
        try await blocking {
            let fixture = try ServerFixture(maxRawBodyBytes: 64)
            let response = try fixture.send(fixture.sign(try putLogsRequest(group: sampleGroup(count: 5))))

            #expect(response.errorCode == "PostBodyTooLarge")
        }
    }

    @Test func wireBodyOverLimitIsPostBodyTooLarge() async throws {
        try await blocking {
            let fixture = try ServerFixture(maxRawBodyBytes: 64)
            let signed = fixture.sign(try putLogsRequest())

            let response = try fixture.send(signed) { $0.body = [UInt8](repeating: 0x41, count: 8 * 1024) }

            #expect(response.status == 400)
            #expect(response.errorCode == "PostBodyTooLarge")
            #expect(response.header("x-log-requestid")?.count == 24)
        }
    }

    @Test func wrongRawSizeIsPostBodyUncompressError() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            var request = try putLogsRequest()
            request.rawSize += 1

            let response = try fixture.send(fixture.sign(request))

            #expect(response.errorCode == "PostBodyUncompressError")
        }
    }

    @Test func logCountOverLimitIsPostBodyTooLarge() async throws {
        try await blocking {
            let fixture = try ServerFixture(maxLogsPerRequest: 1)
            let response = try fixture.send(fixture.sign(try putLogsRequest(group: sampleGroup(count: 2))))

            #expect(response.errorCode == "PostBodyTooLarge")
        }
    }

    @Test func truncatedProtobufIsPostBodyInvalid() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            let raw = Array(LogGroupEncoder.encode(sampleGroup()).dropLast(3))
            let request = PutLogsRequest(project: "proj", logstore: "audit", body: raw, rawSize: raw.count, compression: .none)

            let response = try fixture.send(fixture.sign(request))

            #expect(response.errorCode == "PostBodyInvalid")
        }
    }

    // MARK: - Faults

    @Test func faultsAreConsumedInOrderWithinScope() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            fixture.server.injectFault(.internalServerError, scope: LocalSLSFaultScope(logstore: "signin"))
            fixture.server.injectFault(.shardWriteQuotaExceeded, times: 2, scope: LocalSLSFaultScope(project: "proj"))
            #expect(fixture.server.pendingFaultCount == 3)

            let audit = try putLogsRequest(logstore: "audit")
            let signin = try putLogsRequest(logstore: "signin")
            let first = try fixture.send(fixture.sign(signin))
            let second = try fixture.send(fixture.sign(audit))
            let third = try fixture.send(fixture.sign(audit))
            let fourth = try fixture.send(fixture.sign(audit))

            #expect(first.status == 500)
            #expect(first.errorCode == "InternalServerError")
            #expect(second.status == 403)
            #expect(second.errorCode == "ShardWriteQuotaExceed")
            #expect(third.errorCode == "ShardWriteQuotaExceed")
            #expect(fourth.status == 200)
            #expect(fixture.server.pendingFaultCount == 0)
            #expect(fixture.server.responses.map(\.injected) == [true, true, true, false])
        }
    }

    @Test func faultDoesNotApplyToUnknownLogstore() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            fixture.server.injectFault(.unauthorized)

            let response = try fixture.send(fixture.sign(try putLogsRequest(logstore: "nope")))

            #expect(response.errorCode == "LogStoreNotExist")
            #expect(fixture.server.pendingFaultCount == 1)
            fixture.server.removeAllFaults()
            #expect(fixture.server.pendingFaultCount == 0)
        }
    }

    @Test func delayFaultStillProcessesRequest() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            fixture.server.injectFault(.delay(milliseconds: 50))

            let response = try fixture.send(fixture.sign(try putLogsRequest()))

            #expect(response.status == 200)
            #expect(fixture.server.responses.first?.injected == false)
        }
    }

    @Test func removeAllRecordsForgetsRequests() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            _ = try fixture.send(fixture.sign(try putLogsRequest()))

            fixture.server.removeAllRecords()

            #expect(fixture.server.acceptedRequests().isEmpty)
            #expect(fixture.server.responses.isEmpty)
            #expect(fixture.server.totals(project: "proj", logstore: "audit") == LocalSLSTotals())
        }
    }

    @Test func totalsWithoutRecordsStillCount() async throws {
        try await blocking {
            let fixture = try ServerFixture(keepsRecords: false)
            let request = try putLogsRequest()

            _ = try fixture.send(fixture.sign(request))
            _ = try fixture.send(fixture.sign(request))
            let rejected = try fixture.send(fixture.sign(request, secret: Secret("wrong-secret-value")))

            #expect(rejected.errorCode == "SignatureNotMatch")
            #expect(fixture.server.acceptedRequests().isEmpty)
            #expect(fixture.server.responses.isEmpty)
            #expect(fixture.server.totals(project: "proj", logstore: "audit") == LocalSLSTotals(
                requests: 2, logs: 4, compressedBytes: 2 * request.body.count, rawBytes: 2 * request.rawSize
            ))
        }
    }

    // MARK: - Server lifecycle and logging

    @Test func invalidConfigurationIsReportedOnStart() async throws {
        try await blocking {
            let server = LocalSLSServer(configuration: LocalSLSConfiguration(accessKeys: [], projects: []), logger: .disabled)
            #expect(throws: HTTPServerError.self) { try server.start() }
            #expect(server.port == nil)
        }
    }

    @Test func endpointPointsAtTheServer() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            #expect(fixture.server.endpoint == SLSEndpoint.local(port: fixture.port))
            fixture.server.stop()
            #expect(fixture.server.endpoint == nil)
        }
    }

    @Test func logLinesNameTheOutcomeWithoutSecrets() async throws {
        try await blocking {
            let sink = CapturingLogSink()
            let fixture = try ServerFixture(logger: Logger(label: "local-sls", sink: sink))
            let request = try putLogsRequest()

            _ = try fixture.send(fixture.sign(request))
            _ = try fixture.send(fixture.sign(request, accessKeyID: ServerFixture.stsAccessKeyID,
                                              secret: ServerFixture.stsSecret, securityToken: ServerFixture.stsToken))
            _ = try fixture.send(fixture.sign(request, secret: Secret("wrong-secret-value")))

            let requestLines = sink.lines.filter { $0.contains("PutLogs request") }
            #expect(requestLines.count == 3)
            #expect(requestLines[0].contains("msg=\"PutLogs request accepted\""))
            #expect(requestLines[2].contains("sls.error_code=SignatureNotMatch"))
            for line in sink.lines {
                #expect(!line.contains(ServerFixture.secret.revealed()))
                #expect(!line.contains(ServerFixture.stsSecret.revealed()))
                #expect(!line.contains(ServerFixture.stsToken.revealed()))
            }
        }
    }

    // MARK: - Time parsing

    @Test func iso8601BasicTimeParses() async throws {
        try await blocking {
            #expect(RequestTimeCheck.parseISO8601Basic("20220808T032330Z") == 1_659_929_010)
            #expect(RequestTimeCheck.parseISO8601Basic("19700101T000000Z") == 0)
            #expect(RequestTimeCheck.parseISO8601Basic("20220808T032330") == nil)
            #expect(RequestTimeCheck.parseISO8601Basic("20221308T032330Z") == nil)
            #expect(RequestTimeCheck.parseISO8601Basic("2022080xT032330Z") == nil)
        }
    }
}

/// Returns `signed`'s headers with a v1 signature for another path.
private func resign(_ signed: SignedRequest, path: String) -> [(name: String, value: String)] {
    var headers = signed.headers
    let stringToSign = SignatureV1.stringToSign(
        method: signed.method, contentMD5: signed.headerValue("Content-MD5") ?? "",
        contentType: signed.headerValue("Content-Type") ?? "", date: signed.headerValue("Date") ?? "",
        headers: headers, path: path, query: []
    )
    headers.removeAll { $0.name == "Authorization" }
    headers.append(("Authorization", SignatureV1.authorization(
        accessKeyID: ServerFixture.accessKeyID, accessKeySecret: ServerFixture.secret, stringToSign: stringToSign
    )))
    return headers
}

/// Returns `signed` with edited headers and a fresh v1 signature over them.
private func resignV1(_ signed: SignedRequest, edit: (inout RawRequest) -> Void) -> SignedRequest {
    var raw = RawRequest(signed)
    edit(&raw)
    var edited = signed
    edited.headers = raw.headers
    edited.headers = resign(edited, path: signed.path)
    return edited
}
