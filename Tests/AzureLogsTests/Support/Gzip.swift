import CZlib

/// gzip compression for test inputs, with zlib as the bridge's inflater uses it.
enum Gzip {
    /// Returns `bytes` as one gzip member (RFC 1952).
    static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        // 15 window bits plus 16 writes the gzip wrapper.
        precondition(ehb_deflate_init2(&stream, Z_DEFAULT_COMPRESSION, 15 + 16) == Z_OK)
        defer { deflateEnd(&stream) }

        var input = bytes
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 32)
        let produced = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                stream.next_in = inputBuffer.baseAddress
                stream.avail_in = UInt32(inputBuffer.count)
                stream.next_out = outputBuffer.baseAddress
                stream.avail_out = UInt32(outputBuffer.count)
                precondition(deflate(&stream, Z_FINISH) == Z_STREAM_END)
                return outputBuffer.count - Int(stream.avail_out)
            }
        }
        return Array(output[..<produced])
    }
}
