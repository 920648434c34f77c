import CZlib

/// zlib streams (RFC 1950), which SLS calls `deflate` in `x-log-compresstype`.
enum ZlibStream {
    static func compress(_ raw: [UInt8]) throws(SLSCompressionError) -> [UInt8] {
        try raw.withUnsafeBufferPointer { source throws(SLSCompressionError) in
            try SLSCompressor.compressWithNewOutput(source, bound: bound(source.count), compressor: compress)
        }
    }

    /// Returns the largest stream `byteCount` bytes of input can compress to.
    static func bound(_ byteCount: Int) -> Int {
        Int(compressBound(uLong(byteCount)))
    }

    /// Compresses `raw` into the start of `output`, which has room for ``bound(_:)`` bytes, and returns the
    /// compressed size.
    static func compress(
        _ raw: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>
    ) throws(SLSCompressionError) -> Int {
        var written = uLongf(output.count)
        var placeholder: UInt8 = 0
        let status = withUnsafePointer(to: &placeholder) { fallback in
            compress2(output.baseAddress!, &written, raw.baseAddress ?? fallback, uLong(raw.count), Z_DEFAULT_COMPRESSION)
        }
        guard status == Z_OK else {
            throw SLSCompressionError(compression: .deflate, reason: .libraryFailure(detail: "compress2 returned \(status)"))
        }
        return Int(written)
    }

    static func decompress(_ body: [UInt8], rawSize: Int) throws(SLSCompressionError) -> [UInt8] {
        var status: Int32 = Z_OK
        var consumed = uLong(body.count)
        let output = [UInt8](unsafeUninitializedCapacity: max(rawSize, 1)) { destination, initializedCount in
            var written = uLongf(rawSize)
            // uncompress2 never writes more than rawSize bytes and reports in `consumed` how much input it used.
            status = body.withNonNullPointer { source in
                uncompress2(destination.baseAddress!, &written, source, &consumed)
            }
            initializedCount = status == Z_OK ? Int(written) : 0
        }

        switch status {
        case Z_OK:
            guard Int(consumed) == body.count else {
                let trailing = body.count - Int(consumed)
                throw SLSCompressionError(
                    compression: .deflate, reason: .corruptInput(detail: "\(trailing) bytes follow the end of the zlib stream")
                )
            }
            guard output.count == rawSize else {
                throw SLSCompressionError(compression: .deflate, reason: .sizeMismatch(rawSize: rawSize, actual: output.count))
            }
            return output
        case Z_BUF_ERROR where Int(consumed) < body.count:
            // The output is full and input is left, so the stream contains more than rawSize bytes.
            throw SLSCompressionError(compression: .deflate, reason: .outputExceedsRawSize(rawSize: rawSize))
        case Z_BUF_ERROR, Z_DATA_ERROR:
            throw SLSCompressionError(compression: .deflate, reason: .corruptInput(detail: "invalid or truncated zlib stream"))
        default:
            throw SLSCompressionError(compression: .deflate, reason: .libraryFailure(detail: "uncompress2 returned \(status)"))
        }
    }
}
