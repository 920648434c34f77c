import Core
import Foundation
import SLS
import Testing
#if os(Linux)
import Glibc

/// The connect timeout, against a loopback listener that never completes a new connection: its accept queue
/// (backlog 0) is already full, so Linux drops further SYNs and the client's connect waits.
@Suite struct ConnectTimeoutTests {
    @Test func saturatedListenerTimesOutOnConnect() async throws {
        let listener = try SaturatedListener()
        defer { listener.close() }
        let configuration = SLSClientConfiguration(
            endpoint: .local(port: listener.port),
            credentials: SLSCredentials(accessKeyID: "id", accessKeySecret: Secret("unused-secret")),
            connectTimeoutMilliseconds: 300, requestTimeoutMilliseconds: 60_000
        )
        let client = SLSClient(configuration: configuration, logger: .disabled)
        defer { client.shutdown() }

        let request = try PutLogsRequest(project: "proj", logstore: "audit", group: sampleGroup(), compression: .lz4)
        let started = ContinuousClock.now
        let result = await send(request, with: client)
        let elapsed = ContinuousClock.now - started

        let error = try #require(result.transportError, "expected a transport error, got \(result)")
        #expect(error.kind == .timeout)
        #expect(error.curlCode == 28)
        // The connect timeout ended the attempt, long before the 60 s request timeout. The margin is wide because
        // a loaded test machine delays the client's thread by seconds.
        #expect(elapsed < .seconds(30), "took \(elapsed)")
    }
}

/// A loopback TCP listener with backlog 0 whose one queue slot is taken by a connection it never accepts.
private final class SaturatedListener {
    let port: UInt16
    private let listening: Int32
    private let occupant: Int32

    init() throws {
        let listening = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address: sockaddr_in
        do {
            address = try bindToLoopback(listening)
            guard listen(listening, 0) == 0 else { throw POSIXError(.EADDRINUSE) }
        } catch {
            Glibc.close(listening)
            throw error
        }

        // The first connection completes and waits in the accept queue, which fills it.
        let occupant = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        let connected = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                connect(occupant, raw, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            Glibc.close(occupant)
            Glibc.close(listening)
            throw POSIXError(.ECONNREFUSED)
        }
        self.listening = listening
        self.occupant = occupant
        self.port = UInt16(bigEndian: address.sin_port)
    }

    func close() {
        Glibc.close(occupant)
        Glibc.close(listening)
    }
}
#endif
