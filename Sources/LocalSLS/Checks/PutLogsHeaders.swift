import HTTPServer
import SLS

/// The PutLogs headers that describe the body, checked in the order SLS names its errors.
struct PutLogsHeaders: Sendable, Equatable {
    var rawSize: Int
    var compression: SLSCompression

    static func parse(_ headers: HTTPHeaders, bodyBytes: Int) throws(LocalSLSRejection) -> PutLogsHeaders {
        guard let apiVersion = headers["x-log-apiversion"] else {
            throw LocalSLSRejection(400, "MissingAPIVersion", "the x-log-apiversion header is missing; send 0.6.0")
        }
        guard apiVersion == "0.6.0" else {
            throw LocalSLSRejection(400, "InvalidAPIVersion", "x-log-apiversion \"\(apiVersion)\" is not supported; send 0.6.0")
        }

        if let contentType = headers["Content-Type"] {
            let mediaType = contentType.split(separator: ";", maxSplits: 1)[0].trimmingSpaces().lowercased()
            guard mediaType == "application/x-protobuf" else {
                throw LocalSLSRejection(400, "InvalidContentType",
                                        "Content-Type \"\(contentType)\" is not supported; send application/x-protobuf")
            }
        } else if bodyBytes > 0 {
            throw LocalSLSRejection(400, "MissingContentType",
                                    "the Content-Type header is missing; send application/x-protobuf")
        }

        guard let rawSizeText = headers["x-log-bodyrawsize"] else {
            throw LocalSLSRejection(400, "MissingBodyRawSize",
                                    "the x-log-bodyrawsize header is missing; send the body size before compression")
        }
        guard let rawSize = Int(rawSizeText.trimmingSpaces()), rawSize >= 0 else {
            throw LocalSLSRejection(400, "InvalidBodyRawSize",
                                    "x-log-bodyrawsize \"\(rawSizeText)\" is not a byte count; send a decimal number")
        }

        let compressionText = headers["x-log-compresstype"]
        guard let compression = SLSCompression(headerValue: compressionText) else {
            throw LocalSLSRejection(400, "InvalidCompressType", "x-log-compresstype \"\(compressionText ?? "")\" "
                + "is not supported; send lz4, zstd, deflate or no header")
        }
        return PutLogsHeaders(rawSize: rawSize, compression: compression)
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return String(text)
    }
}
