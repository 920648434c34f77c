import CCrypto

/// Hashes, HMACs and Base64 for SLS request signing, computed by OpenSSL's libcrypto.
///
/// The functions trap if libcrypto fails, which happens only when it cannot allocate memory or the algorithm
/// is unavailable.
public enum Digest {
    /// Returns the MD5 of `bytes` as 32 uppercase hex digits, the form of the SLS `Content-MD5` header.
    // NOTE: OpenSSL 3 restricted to its FIPS provider has no MD5, so this traps there. Signature v4 needs no MD5.
    public static func md5HexUppercase(_ bytes: [UInt8]) -> String {
        hex(md5(bytes), uppercase: true)
    }

    /// Returns the 16-byte MD5 of `bytes`. Traps where ``md5HexUppercase(_:)`` does.
    public static func md5(_ bytes: [UInt8]) -> [UInt8] {
        digest(bytes, algorithm: EVP_md5())
    }

    /// Returns the SHA-256 of `bytes` as 64 lowercase hex digits, the form of `x-log-content-sha256`.
    public static func sha256HexLowercase(_ bytes: [UInt8]) -> String {
        hex(digest(bytes, algorithm: EVP_sha256()), uppercase: false)
    }

    /// Returns the 20-byte HMAC-SHA1 of `message` under `key`.
    public static func hmacSHA1(key: [UInt8], message: [UInt8]) -> [UInt8] {
        hmac(key: key, message: message, algorithm: EVP_sha1())
    }

    /// Returns the 32-byte HMAC-SHA256 of `message` under `key`.
    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        hmac(key: key, message: message, algorithm: EVP_sha256())
    }

    /// Returns `bytes` in standard Base64 (RFC 4648 alphabet with `+` and `/`, padded with `=`, no line breaks).
    public static func base64(_ bytes: [UInt8]) -> String {
        // EVP_EncodeBlock takes an Int32 length, so long inputs go in chunks of whole 3-byte groups.
        let chunkBytes = 3 * 1024 * 1024
        var encoded: [UInt8] = []
        encoded.reserveCapacity((bytes.count + 2) / 3 * 4)

        var start = 0
        repeat {
            let end = min(start + chunkBytes, bytes.count)
            let chunkCount = end - start
            // 4 output bytes per started 3-byte group, plus the terminating NUL that EVP_EncodeBlock writes.
            var output = [UInt8](repeating: 0, count: (chunkCount + 2) / 3 * 4 + 1)
            let written = bytes.withNonNullPointer { source in
                output.withUnsafeMutableBufferPointer { destination in
                    EVP_EncodeBlock(destination.baseAddress!, source + start, Int32(chunkCount))
                }
            }
            encoded.append(contentsOf: output.prefix(Int(written)))
            start = end
        } while start < bytes.count

        return String(decoding: encoded, as: UTF8.self)
    }

    /// Returns `bytes` as hex digits, two per byte.
    static func hex(_ bytes: [UInt8], uppercase: Bool) -> String {
        let digits = Array((uppercase ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func digest(_ bytes: [UInt8], algorithm: OpaquePointer?) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let status = bytes.withNonNullPointer { source in
            EVP_Digest(source, bytes.count, &output, &length, algorithm, nil)
        }
        precondition(status == 1, "libcrypto EVP_Digest failed")
        return Array(output.prefix(Int(length)))
    }

    private static func hmac(key: [UInt8], message: [UInt8], algorithm: OpaquePointer?) -> [UInt8] {
        precondition(key.count <= Int(Int32.max), "HMAC key longer than libcrypto accepts")
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = key.withNonNullPointer { keyPointer in
            message.withNonNullPointer { messagePointer in
                HMAC(algorithm, keyPointer, Int32(key.count), messagePointer, message.count, &output, &length)
            }
        }
        precondition(result != nil, "libcrypto HMAC failed")
        return Array(output.prefix(Int(length)))
    }
}
