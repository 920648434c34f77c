/// Compresses and decompresses PutLogs bodies with the libraries SLS clients use: liblz4, libzstd and zlib.
public enum SLSCompressor {
    /// Returns `raw` compressed with `compression`; ``SLSCompression/none`` returns `raw` unchanged.
    ///
    /// - Throws: ``SLSCompressionError`` when the input is too large for one call (lz4: 2,113,929,216 bytes)
    ///   or the library fails.
    public static func compress(_ raw: [UInt8], using compression: SLSCompression) throws(SLSCompressionError) -> [UInt8] {
        switch compression {
        case .none: raw
        case .lz4: try LZ4Block.compress(raw)
        case .zstd: try ZstdFrame.compress(raw)
        case .deflate: try ZlibStream.compress(raw)
        }
    }

    /// Returns the decompressed body, which has exactly `rawSize` bytes.
    ///
    /// `rawSize` is the request's `x-log-bodyrawsize`. The output buffer of `rawSize` bytes is allocated before
    /// decoding, so a server must cap `rawSize` (SLS accepts at most 10 MB raw per request) before calling this.
    /// Decoding never writes more than `rawSize` bytes.
    ///
    /// - Throws: ``SLSCompressionError`` when `rawSize` is negative, the body is not valid data of its type,
    ///   it decompresses to more than `rawSize` bytes, or to fewer.
    public static func decompress(
        _ body: [UInt8], using compression: SLSCompression, rawSize: Int
    ) throws(SLSCompressionError) -> [UInt8] {
        guard rawSize >= 0 else {
            throw SLSCompressionError(compression: compression, reason: .invalidRawSize(rawSize))
        }

        switch compression {
        case .none:
            if body.count > rawSize {
                throw SLSCompressionError(compression: .none, reason: .outputExceedsRawSize(rawSize: rawSize))
            }
            if body.count < rawSize {
                throw SLSCompressionError(compression: .none, reason: .sizeMismatch(rawSize: rawSize, actual: body.count))
            }
            return body
        case .lz4:
            return try LZ4Block.decompress(body, rawSize: rawSize)
        case .zstd:
            return try ZstdFrame.decompress(body, rawSize: rawSize)
        case .deflate:
            return try ZlibStream.decompress(body, rawSize: rawSize)
        }
    }
}
