/// A body that could not be compressed or decompressed, with the compression type and the cause.
public struct SLSCompressionError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The input is larger than the library accepts in one call (`maximum` bytes).
        case inputTooLarge(bytes: Int, maximum: Int)
        /// The library failed for a reason other than the input, such as a failed allocation; `detail` is its
        /// message or result code.
        case libraryFailure(detail: String)
        /// `x-log-bodyrawsize` is negative or larger than the library can produce in one call.
        case invalidRawSize(Int)
        /// The body is not valid data of its compression type, or its output would exceed the raw size where
        /// the library cannot tell the two apart (lz4).
        case corruptInput(detail: String)
        /// The body decompresses to more than `rawSize` bytes.
        case outputExceedsRawSize(rawSize: Int)
        /// The body decompresses to `actual` bytes, fewer than the `rawSize` the request declared.
        case sizeMismatch(rawSize: Int, actual: Int)
    }

    public var compression: SLSCompression
    public var reason: Reason

    public init(compression: SLSCompression, reason: Reason) {
        self.compression = compression
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .inputTooLarge(let bytes, let maximum):
            "\(compression.rawValue) compression failed: the input of \(bytes) bytes exceeds the maximum of "
                + "\(maximum) bytes; split the LogGroup"
        case .libraryFailure(let detail):
            "\(compression.rawValue) library call failed: \(detail)"
        case .invalidRawSize(let rawSize):
            "\(compression.rawValue) decompression failed: invalid x-log-bodyrawsize \(rawSize)"
        case .corruptInput(let detail):
            "\(compression.rawValue) decompression failed: \(detail)"
        case .outputExceedsRawSize(let rawSize):
            "\(compression.rawValue) decompression failed: the body decompresses to more than the "
                + "x-log-bodyrawsize of \(rawSize) bytes"
        case .sizeMismatch(let rawSize, let actual):
            "\(compression.rawValue) decompression failed: the body decompresses to \(actual) bytes, but "
                + "x-log-bodyrawsize is \(rawSize)"
        }
    }
}
