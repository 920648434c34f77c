import HTTPServer
import SLS

/// The checks of the body: its MD5, its size, its decompression and its protobuf encoding.
enum PutLogsBodyCheck {
    /// Returns the decoded LogGroup, or throws the SLS error for the first failed check.
    ///
    /// SLS documents no error code for a wrong `Content-MD5`; this server uses `400 InvalidContentMD5`.
    static func decode(_ body: [UInt8], headers: HTTPHeaders, described: PutLogsHeaders,
                       maxRawBodyBytes: Int, maxLogs: Int?) throws(LocalSLSRejection) -> LogGroup {
        if let contentMD5 = headers["Content-MD5"] {
            let actual = Digest.md5HexUppercase(body)
            guard contentMD5.trimmingSpaces().uppercased() == actual else {
                throw LocalSLSRejection(400, "InvalidContentMD5",
                                        "Content-MD5 \(contentMD5) does not match the body, whose MD5 is \(actual)")
            }
        }

        try checkRawSize(described, maxRawBodyBytes: maxRawBodyBytes)

        let raw: [UInt8]
        do {
            raw = try SLSCompressor.decompress(body, using: described.compression, rawSize: described.rawSize)
        } catch {
            throw LocalSLSRejection(400, "PostBodyUncompressError", "the body does not decompress as "
                + "\(described.compression.rawValue) to x-log-bodyrawsize \(described.rawSize) bytes: \(error)")
        }

        let group: LogGroup
        do {
            group = try LogGroupDecoder.decode(raw)
        } catch {
            throw LocalSLSRejection(400, "PostBodyInvalid", "the body is not a valid LogGroup: \(error)")
        }

        if let maxLogs, group.logs.count > maxLogs {
            throw LocalSLSRejection(400, "PostBodyTooLarge",
                                    "the LogGroup has \(group.logs.count) logs; the limit is \(maxLogs)")
        }
        return group
    }

    /// Throws `PostBodyTooLarge` when `x-log-bodyrawsize` exceeds the limit.
    static func checkRawSize(_ described: PutLogsHeaders, maxRawBodyBytes: Int) throws(LocalSLSRejection) {
        guard described.rawSize <= maxRawBodyBytes else {
            throw LocalSLSRejection(400, "PostBodyTooLarge", "x-log-bodyrawsize \(described.rawSize) exceeds the "
                + "limit of \(maxRawBodyBytes) bytes; split the LogGroup")
        }
    }
}
