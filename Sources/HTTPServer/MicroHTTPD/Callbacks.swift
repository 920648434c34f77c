import CMicroHTTPD
import Core

// The C callbacks given to libmicrohttpd. Each recovers its `DaemonContext` from the closure pointer and hands
// the work to Swift code; none of them may throw or unwind into C.

/// Called once per request, right after the request line: creates the request state from the raw target, which
/// libmicrohttpd would otherwise only hand over percent-decoded and without its query.
let uriLogCallback: @convention(c) (
    UnsafeMutableRawPointer?, UnsafePointer<CChar>?, OpaquePointer?
) -> UnsafeMutableRawPointer? = { closure, uri, connection in
    guard let closure, let connection else { return nil }
    let context = Unmanaged<DaemonContext>.fromOpaque(closure).takeUnretainedValue()
    let target = uri.map { String(cString: $0) } ?? "/"
    let state = RequestState(target: target, connectionID: context.connectionID(of: connection))
    return Unmanaged.passRetained(state).toOpaque()
}

/// Called several times per request: first with the headers, then once per body chunk, then once more with no
/// data, when the response must be queued.
let accessHandlerCallback: @convention(c) (
    UnsafeMutableRawPointer?, OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?,
    UnsafePointer<CChar>?, UnsafeMutablePointer<Int>?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> MHD_Result = { closure, connection, url, method, version, uploadData, uploadDataSize, requestClosure in
    guard let closure, let connection, let uploadDataSize, let requestClosure else { return .NO }
    let context = Unmanaged<DaemonContext>.fromOpaque(closure).takeUnretainedValue()

    if requestClosure.pointee == nil {
        // The URI callback always runs first; this covers a libmicrohttpd that skipped it.
        let target = url.map { String(cString: $0) } ?? "/"
        let state = RequestState(target: target, connectionID: context.connectionID(of: connection))
        requestClosure.pointee = Unmanaged.passRetained(state).toOpaque()
    }
    let state = Unmanaged<RequestState>.fromOpaque(requestClosure.pointee!).takeUnretainedValue()
    let methodText = method.map { String(cString: $0) } ?? ""
    let versionText = version.map { String(cString: $0) } ?? ""

    if !state.headersRead {
        state.headersRead = true
        readHeaders(of: connection, into: state)
        if let length = state.headers["Content-Length"].flatMap(Int.init), length > context.maxBodyBytes {
            // Respond before the body arrives; libmicrohttpd then closes the connection after the response.
            state.responseQueued = true
            let request = makeRequest(state, method: methodText, version: versionText, body: [])
            return queue(context.bodyTooLargeResponse(request), on: connection, context: context)
        }
        return .YES
    }

    let chunkSize = uploadDataSize.pointee
    if chunkSize > 0 {
        uploadDataSize.pointee = 0
        guard !state.responseQueued, !state.bodyTooLarge else { return .YES }
        if state.body.count + chunkSize > context.maxBodyBytes {
            state.bodyTooLarge = true
            state.body = []
        } else if let uploadData {
            uploadData.withMemoryRebound(to: UInt8.self, capacity: chunkSize) { bytes in
                state.body.append(contentsOf: UnsafeBufferPointer(start: bytes, count: chunkSize))
            }
        }
        return .YES
    }

    guard !state.responseQueued else { return .YES }
    state.responseQueued = true
    if state.bodyTooLarge {
        let request = makeRequest(state, method: methodText, version: versionText, body: [])
        return queue(context.bodyTooLargeResponse(request), on: connection, context: context)
    }
    let body = state.body
    state.body = []
    let request = makeRequest(state, method: methodText, version: versionText, body: body)
    return queue(context.handler(request), on: connection, context: context)
}

/// Called when a request ends, with or without a response: releases its state.
let requestCompletedCallback: @convention(c) (
    UnsafeMutableRawPointer?, OpaquePointer?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
    MHD_RequestTerminationCode
) -> Void = { _, _, requestClosure, _ in
    guard let requestClosure, let pointer = requestClosure.pointee else { return }
    Unmanaged<RequestState>.fromOpaque(pointer).release()
    requestClosure.pointee = nil
}

/// Called when a TCP connection opens and closes.
let connectionNotifyCallback: @convention(c) (
    UnsafeMutableRawPointer?, OpaquePointer?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
    MHD_ConnectionNotificationCode
) -> Void = { closure, connection, _, event in
    guard let closure, let connection else { return }
    let context = Unmanaged<DaemonContext>.fromOpaque(closure).takeUnretainedValue()
    if event == .CONNECTION_NOTIFY_STARTED {
        context.connectionOpened(connection)
    } else {
        context.connectionClosed(connection)
    }
}

private let headerIterator: @convention(c) (
    UnsafeMutableRawPointer?, MHD_ValueKind, UnsafePointer<CChar>?, UnsafePointer<CChar>?
) -> MHD_Result = { closure, _, key, value in
    guard let closure, let key else { return .YES }
    let state = Unmanaged<RequestState>.fromOpaque(closure).takeUnretainedValue()
    state.headers.add(name: String(cString: key), value: value.map { String(cString: $0) } ?? "")
    return .YES
}

private func readHeaders(of connection: OpaquePointer, into state: RequestState) {
    let closure = Unmanaged.passUnretained(state).toOpaque()
    _ = MHD_get_connection_values(connection, .HEADER_KIND, headerIterator, closure)
}

private func makeRequest(_ state: RequestState, method: String, version: String, body: [UInt8]) -> HTTPRequest {
    HTTPRequest(
        method: method, target: state.target, headers: state.headers, body: body,
        connectionID: state.connectionID, version: version
    )
}

/// Hands `response` to libmicrohttpd, which copies the body, and counts it.
private func queue(_ response: HTTPResponse, on connection: OpaquePointer, context: DaemonContext) -> MHD_Result {
    // Returning NO without a response makes libmicrohttpd close the connection.
    if response.closesConnectionWithoutResponse { return .NO }
    let created = response.body.withUnsafeBytes { bytes in
        MHD_create_response_from_buffer(bytes.count, UnsafeMutableRawPointer(mutating: bytes.baseAddress),
                                        .RESPMEM_MUST_COPY)
    }
    guard let created else {
        context.logger.warning("failed to create an HTTP response", metadata: ["http.status": .int(response.status)])
        return .NO
    }
    defer { MHD_destroy_response(created) }

    for field in response.headers {
        if MHD_add_response_header(created, field.name, field.value) != .YES {
            context.logger.warning("failed to add an HTTP response header", metadata: ["http.header": .string(field.name)])
        }
    }
    let result = MHD_queue_response(connection, UInt32(response.status), created)
    context.countResponse()
    return result
}
