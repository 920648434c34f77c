import CLZ4

/// The raw LZ4 block format (no frame, no size prefix) that SLS expects for `x-log-compresstype: lz4`.
enum LZ4Block {
    /// The largest input liblz4 compresses in one block (`LZ4_MAX_INPUT_SIZE`, 2,113,929,216 bytes).
    static let maximumInputBytes = Int(LZ4_MAX_INPUT_SIZE)

    static func compress(_ raw: [UInt8]) throws(SLSCompressionError) -> [UInt8] {
        guard raw.count <= maximumInputBytes else {
            throw SLSCompressionError(
                compression: .lz4, reason: .inputTooLarge(bytes: raw.count, maximum: maximumInputBytes)
            )
        }

        let capacity = Int(LZ4_compressBound(Int32(raw.count)))
        var written: Int32 = 0
        let output = [UInt8](unsafeUninitializedCapacity: capacity) { destination, initializedCount in
            written = raw.withNonNullPointer { source in
                LZ4_compress_default(
                    UnsafeRawPointer(source).assumingMemoryBound(to: CChar.self),
                    UnsafeMutableRawPointer(destination.baseAddress!).assumingMemoryBound(to: CChar.self),
                    Int32(raw.count), Int32(capacity)
                )
            }
            initializedCount = max(0, Int(written))
        }

        // LZ4_compress_default returns 0 only when the output does not fit, which compressBound rules out.
        guard written > 0 else {
            throw SLSCompressionError(compression: .lz4, reason: .libraryFailure(detail: "LZ4_compress_default returned 0"))
        }
        return output.compacted()
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
