import Core
import HTTPServer
import LocalSLS
import SLS
import Testing

@Suite("LocalSLSServer with the body check skipped")
struct LocalSLSBodySkipTests {
    @Test func skippedBodyCountsBytesNotLogs() throws {
        let fixture = try ServerFixture(bodyCheck: .skip)
        let request = try putLogsRequest()

        let response = try fixture.send(fixture.sign(request))

        #expect(response.status == 200)
        #expect(fixture.server.totals(project: "proj", logstore: "audit") == LocalSLSTotals(
            requests: 1, logs: 0, compressedBytes: request.body.count, rawBytes: request.rawSize
        ))
        #expect(fixture.server.acceptedRequests().isEmpty)
    }

    @Test func skippedBodyIsNotDecompressed() throws {
        let fixture = try ServerFixture(bodyCheck: .skip)
        var request = try putLogsRequest()
        request.body = Array(repeating: 0xFF, count: 40)

        let response = try fixture.send(fixture.sign(request))

        #expect(response.status == 200)
        #expect(fixture.server.totals(project: "proj", logstore: "audit").requests == 1)
    }

    @Test func skippedBodyStillChecksSignatureAndSize() throws {
        let fixture = try ServerFixture(maxRawBodyBytes: 64, bodyCheck: .skip)
        let small = try putLogsRequest(group: sampleGroup(count: 1))
        let large = try putLogsRequest(group: sampleGroup(count: 20))

        let unsigned = try fixture.send(fixture.sign(small, secret: Secret("wrong-secret-value")))
        let tooLarge = try fixture.send(fixture.sign(large))

        #expect(unsigned.status == 401)
        #expect(tooLarge.status == 400)
        #expect(tooLarge.errorCode == "PostBodyTooLarge")
        #expect(fixture.server.totals(project: "proj", logstore: "audit").requests == 0)
    }

    @Test func observerSeesEachAcceptedBody() throws {
        let seen = Locked<[LocalSLSAcceptance]>([])
        let fixture = try ServerFixture(bodyCheck: .skip) { acceptance in
            seen.withLock { $0.append(acceptance) }
        }
        let request = try putLogsRequest()

        _ = try fixture.send(fixture.sign(request))
        _ = try fixture.send(fixture.sign(request, secret: Secret("wrong-secret-value")))

        let observed = seen.withLock { $0 }
        #expect(observed.count == 1)
        let first = try #require(observed.first)
        #expect(first.project == "proj")
        #expect(first.logstore == "audit")
        #expect(first.body == request.body)
        #expect(first.rawSize == request.rawSize)
        #expect(first.compression == .lz4)
        #expect(first.acceptedAtMilliseconds > 1_700_000_000_000)
    }

    @Test func observerSeesDecodedRequestsToo() throws {
        let seen = Locked(0)
        let fixture = try ServerFixture { _ in seen.withLock { $0 += 1 } }

        let response = try fixture.send(fixture.sign(try putLogsRequest()))

        #expect(response.status == 200)
        #expect(seen.withLock { $0 } == 1)
        #expect(fixture.server.totals(project: "proj", logstore: "audit").logs == 2)
    }

    @Test func absoluteFormTargetIsAccepted() throws {
        let fixture = try ServerFixture()
        let signed = fixture.sign(try putLogsRequest())

        let response = try fixture.send(signed) { raw in
            raw.target = "http://proj.sls.test:\(fixture.port)" + raw.target
        }

        #expect(response.status == 200)
        #expect(fixture.server.acceptedRequests().count == 1)
    }
}
