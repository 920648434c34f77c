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

    /// Returns `raw` compressed with `compression`, using `workspace` for the compressor's worst-case output, so
    /// that only the returned body, of exactly its size, is allocated. `workspace` grows to the largest bound
    /// needed, rounded up to a multiple of 64 KiB, and keeps its size for the next call.
    /// ``SLSCompression/none`` returns a copy of `raw`.
    ///
    /// - Throws: what ``compress(_:using:)`` throws.
    public static func compress(
        _ raw: UnsafeBufferPointer<UInt8>, using compression: SLSCompression, workspace: inout [UInt8]
    ) throws(SLSCompressionError) -> [UInt8] {
        let bound: Int
        switch compression {
        case .none: return Array(raw)
        case .lz4: bound = try LZ4Block.bound(raw.count)
        case .zstd: bound = try ZstdFrame.bound(raw.count)
        case .deflate: bound = ZlibStream.bound(raw.count)
        }
        ReusableBuffer.grow(&workspace, toHold: bound)

        let written = try workspace.withUnsafeMutableBufferPointer { output throws(SLSCompressionError) in
            let room = UnsafeMutableBufferPointer(rebasing: output[0..<bound])
            switch compression {
            case .lz4: return try LZ4Block.compress(raw, into: room)
            case .zstd: return try ZstdFrame.compress(raw, into: room)
            case .deflate, .none: return try ZlibStream.compress(raw, into: room)
            }
        }
        return Array(workspace[0..<written])
    }

    /// Compresses `raw` with `compressor` into a new output of `bound` bytes and returns it trimmed to its size,
    /// for the calls that keep no workspace.
    static func compressWithNewOutput(
        _ raw: UnsafeBufferPointer<UInt8>, bound: Int,
        compressor: (UnsafeBufferPointer<UInt8>, UnsafeMutableBufferPointer<UInt8>) throws(SLSCompressionError) -> Int
    ) throws(SLSCompressionError) -> [UInt8] {
        var written = 0
        var failure: SLSCompressionError?
        let output = [UInt8](unsafeUninitializedCapacity: max(bound, 1)) { destination, initializedCount in
            do throws(SLSCompressionError) {
                written = try compressor(raw, UnsafeMutableBufferPointer(rebasing: destination[0..<bound]))
            } catch {
                failure = error
            }
            initializedCount = written
        }
        if let failure {
            throw failure
        }
        // The output's capacity is the worst case, often several times the body; the copy frees the rest.
        return output.compacted()
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
