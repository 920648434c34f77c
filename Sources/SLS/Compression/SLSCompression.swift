/// The compression of a PutLogs body, named as in the `x-log-compresstype` header.
///
/// - `lz4`: a raw LZ4 block, without frame header or size prefix; the decoder needs `x-log-bodyrawsize`.
/// - `zstd`: one or more standard zstd frames.
/// - `deflate`: a zlib stream (RFC 1950 header and Adler-32 trailer around RFC 1951 deflate data).
/// - `none`: the body is the LogGroup itself, and no `x-log-compresstype` header is sent.
public enum SLSCompression: String, Sendable, CaseIterable {
    case none
    case lz4
    case zstd
    case deflate

    /// The `x-log-compresstype` value, or nil for ``none``, which sends no header.
    public var headerValue: String? {
        switch self {
        case .none: nil
        case .lz4, .zstd, .deflate: rawValue
        }
    }

    /// Reads an `x-log-compresstype` value: nil (header absent) and "" mean ``none``, as the official
    /// agents send an empty value for an uncompressed body. Returns nil for any other unknown value.
    public init?(headerValue: String?) {
        guard let headerValue, !headerValue.isEmpty else {
            self = .none
            return
        }
        switch headerValue {
        case "lz4": self = .lz4
        case "zstd": self = .zstd
        case "deflate": self = .deflate
        default: return nil
        }
    }
}
