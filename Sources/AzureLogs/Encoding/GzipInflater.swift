import CZlib

/// Inflation of gzip-compressed message values with zlib, bounded in size against zip bombs.
enum GzipInflater {
    /// Returns whether `bytes` starts with the gzip magic number `1F 8B` (RFC 1952).
    static func hasGzipMagic(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// Returns the inflated data of one or more concatenated gzip members.
    ///
    /// Throws ``GzipError`` when the data is not valid gzip, is cut off, has bytes after the last member
    /// that do not start another member, or inflates to more than `maximumBytes` bytes. Inflation stops as
    /// soon as the limit is passed, so a bomb costs at most `maximumBytes` of memory.
    static func inflate(_ bytes: UnsafeBufferPointer<UInt8>, maximumBytes: Int) throws(GzipError) -> [UInt8] {
        var stream = z_stream()
        // 15 window bits plus 16 selects the gzip wrapper (zlib.h, inflateInit2).
        guard ehb_inflate_init2(&stream, 15 + 16) == Z_OK else {
            throw GzipError.invalidData("zlib could not be initialized")
        }
        defer { inflateEnd(&stream) }

        var output: [UInt8] = []
        let chunkSize = min(max(bytes.count * 4, 16_384), 1 << 20)
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress)
        stream.avail_in = UInt32(bytes.count)

        while true {
            let status = chunk.withUnsafeMutableBufferPointer { buffer in
                stream.next_out = buffer.baseAddress
                stream.avail_out = UInt32(buffer.count)
                return CZlib.inflate(&stream, Z_NO_FLUSH)
            }
            let produced = chunkSize - Int(stream.avail_out)
            guard output.count + produced <= maximumBytes else {
                throw GzipError.tooLarge(limit: maximumBytes)
            }
            output.append(contentsOf: chunk[0..<produced])

            switch status {
            case Z_OK:
                continue
            case Z_STREAM_END:
                let remaining = Int(stream.avail_in)
                if remaining == 0 {
                    return output
                }
                let next = UnsafeBufferPointer(start: stream.next_in, count: remaining)
                guard hasGzipMagic(next) else {
                    throw GzipError.trailingData(bytes: remaining)
                }
                guard inflateReset(&stream) == Z_OK else {
                    throw GzipError.invalidData("zlib could not start the next gzip member")
                }
            case Z_BUF_ERROR where stream.avail_in == 0:
                throw GzipError.truncated
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw GzipError.invalidData(message)
            }
        }
    }
}

/// The reason a value that starts like gzip could not be inflated.
enum GzipError: Error, Equatable, CustomStringConvertible {
    case invalidData(String)
    case truncated
    case trailingData(bytes: Int)
    case tooLarge(limit: Int)

    var description: String {
        switch self {
        case .invalidData(let message): "invalid gzip data: \(message)"
        case .truncated: "gzip data is cut off before the end of the stream"
        case .trailingData(let bytes): "\(bytes) bytes after the gzip stream are not another gzip member"
        case .tooLarge(let limit): "gzip data inflates to more than the limit of \(limit) bytes"
        }
    }

    /// Whether the data was intact but inflates to more than the size limit.
    var isSizeLimit: Bool {
        if case .tooLarge = self { true } else { false }
    }
}
