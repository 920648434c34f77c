import CZlib

/// zlib streams (RFC 1950), which SLS calls `deflate` in `x-log-compresstype`.
enum ZlibStream {
    static func compress(_ raw: [UInt8]) throws(SLSCompressionError) -> [UInt8] {
        let capacity = Int(compressBound(uLong(raw.count)))
        var status: Int32 = Z_OK
        let output = [UInt8](unsafeUninitializedCapacity: capacity) { destination, initializedCount in
            var written = uLongf(capacity)
            status = raw.withNonNullPointer { source in
                compress2(destination.baseAddress!, &written, source, uLong(raw.count), Z_DEFAULT_COMPRESSION)
            }
            initializedCount = status == Z_OK ? Int(written) : 0
        }

        guard status == Z_OK else {
            throw SLSCompressionError(compression: .deflate, reason: .libraryFailure(detail: "compress2 returned \(status)"))
        }
        return output.compacted()
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
