import CZstd

/// Standard zstd frames, for `x-log-compresstype: zstd`.
enum ZstdFrame {
    /// Compression level 1, the fastest regular level; the Go SDK (SpeedFastest) and the Python SDK (level 1)
    /// use the same speed setting.
    static let level: Int32 = 1

    // ZSTD_CONTENTSIZE_UNKNOWN and ZSTD_CONTENTSIZE_ERROR from zstd.h, written out because they are macros
    // of the form (0ULL - 1).
    private static let contentSizeUnknown = UInt64.max
    private static let contentSizeError = UInt64.max - 1

    static func compress(_ raw: [UInt8]) throws(SLSCompressionError) -> [UInt8] {
        try raw.withUnsafeBufferPointer { source throws(SLSCompressionError) in
            try SLSCompressor.compressWithNewOutput(source, bound: try bound(source.count), compressor: compress)
        }
    }

    /// Returns the largest frame `byteCount` bytes of input can compress to.
    static func bound(_ byteCount: Int) throws(SLSCompressionError) -> Int {
        let capacity = ZSTD_compressBound(byteCount)
        guard ZSTD_isError(capacity) == 0 else {
            throw SLSCompressionError(compression: .zstd, reason: .inputTooLarge(bytes: byteCount, maximum: Int(Int32.max)))
        }
        return capacity
    }

    /// Compresses `raw` into the start of `output`, which has room for ``bound(_:)`` bytes, and returns the
    /// compressed size.
    static func compress(
        _ raw: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>
    ) throws(SLSCompressionError) -> Int {
        var placeholder: UInt8 = 0
        let result = withUnsafePointer(to: &placeholder) { fallback in
            ZSTD_compress(output.baseAddress!, output.count, raw.baseAddress ?? fallback, raw.count, level)
        }
        guard ZSTD_isError(result) == 0 else {
            throw SLSCompressionError(compression: .zstd, reason: .libraryFailure(detail: errorName(result)))
        }
        return result
    }

    static func decompress(_ body: [UInt8], rawSize: Int) throws(SLSCompressionError) -> [UInt8] {
        // The first frame's header may declare its size; refuse before allocating when it exceeds rawSize.
        let declaredSize = body.withNonNullPointer { ZSTD_getFrameContentSize($0, body.count) }
        if declaredSize == contentSizeError {
            throw SLSCompressionError(compression: .zstd, reason: .corruptInput(detail: "the body does not start with a zstd frame"))
        }
        if declaredSize != contentSizeUnknown, declaredSize > UInt64(rawSize) {
            throw SLSCompressionError(compression: .zstd, reason: .outputExceedsRawSize(rawSize: rawSize))
        }

        var result = 0
        let output = [UInt8](unsafeUninitializedCapacity: max(rawSize, 1)) { destination, initializedCount in
            // ZSTD_decompress never writes more than rawSize bytes and fails when the frames need more.
            result = body.withNonNullPointer { source in
                ZSTD_decompress(destination.baseAddress!, rawSize, source, body.count)
            }
            initializedCount = ZSTD_isError(result) == 0 ? result : 0
        }

        guard ZSTD_isError(result) == 0 else {
            throw SLSCompressionError(compression: .zstd, reason: .corruptInput(detail: errorName(result)))
        }
        guard result == rawSize else {
            throw SLSCompressionError(compression: .zstd, reason: .sizeMismatch(rawSize: rawSize, actual: result))
        }
        return output
    }

    private static func errorName(_ code: Int) -> String {
        String(cString: ZSTD_getErrorName(code))
    }
}
