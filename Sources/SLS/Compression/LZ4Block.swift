import CLZ4

/// The raw LZ4 block format (no frame, no size prefix) that SLS expects for `x-log-compresstype: lz4`.
enum LZ4Block {
    /// The largest input liblz4 compresses in one block (`LZ4_MAX_INPUT_SIZE`, 2,113,929,216 bytes).
    static let maximumInputBytes = Int(LZ4_MAX_INPUT_SIZE)

    static func compress(_ raw: [UInt8]) throws(SLSCompressionError) -> [UInt8] {
        try raw.withUnsafeBufferPointer { source throws(SLSCompressionError) in
            try SLSCompressor.compressWithNewOutput(source, bound: try bound(source.count), compressor: compress)
        }
    }

    /// Returns the largest block `byteCount` bytes of input can compress to.
    static func bound(_ byteCount: Int) throws(SLSCompressionError) -> Int {
        guard byteCount <= maximumInputBytes else {
            throw SLSCompressionError(
                compression: .lz4, reason: .inputTooLarge(bytes: byteCount, maximum: maximumInputBytes)
            )
        }
        return Int(LZ4_compressBound(Int32(byteCount)))
    }

    /// Compresses `raw` into the start of `output`, which has room for ``bound(_:)`` bytes, and returns the
    /// compressed size.
    static func compress(
        _ raw: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>
    ) throws(SLSCompressionError) -> Int {
        var placeholder: UInt8 = 0
        let written = withUnsafePointer(to: &placeholder) { fallback in
            LZ4_compress_default(
                UnsafeRawPointer(raw.baseAddress ?? fallback).assumingMemoryBound(to: CChar.self),
                UnsafeMutableRawPointer(output.baseAddress!).assumingMemoryBound(to: CChar.self),
                Int32(raw.count), Int32(clamping: output.count)
            )
        }

        // LZ4_compress_default returns 0 only when the output does not fit, which compressBound rules out.
        guard written > 0 else {
            throw SLSCompressionError(compression: .lz4, reason: .libraryFailure(detail: "LZ4_compress_default returned 0"))
        }
        return Int(written)
    }

    static func decompress(_ body: [UInt8], rawSize: Int) throws(SLSCompressionError) -> [UInt8] {
        guard rawSize <= Int(Int32.max) else {
            throw SLSCompressionError(compression: .lz4, reason: .invalidRawSize(rawSize))
        }
        guard body.count <= Int(Int32.max) else {
            throw SLSCompressionError(
                compression: .lz4, reason: .corruptInput(detail: "the body of \(body.count) bytes is too large for one lz4 block")
            )
        }

        var decoded: Int32 = 0
        let output = [UInt8](unsafeUninitializedCapacity: max(rawSize, 1)) { destination, initializedCount in
            // LZ4_decompress_safe never writes more than rawSize bytes and fails when the block needs more.
            decoded = body.withNonNullPointer { source in
                LZ4_decompress_safe(
                    UnsafeRawPointer(source).assumingMemoryBound(to: CChar.self),
                    UnsafeMutableRawPointer(destination.baseAddress!).assumingMemoryBound(to: CChar.self),
                    Int32(body.count), Int32(rawSize)
                )
            }
            initializedCount = max(0, Int(decoded))
        }

        guard decoded >= 0 else {
            throw SLSCompressionError(
                compression: .lz4,
                reason: .corruptInput(detail: "invalid lz4 block, or one that decompresses to more than \(rawSize) bytes")
            )
        }
        guard Int(decoded) == rawSize else {
            throw SLSCompressionError(compression: .lz4, reason: .sizeMismatch(rawSize: rawSize, actual: Int(decoded)))
        }
        return output
    }
}
