import HTTPServer
import SLS

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The check of the request time against the server clock.
enum RequestTimeCheck {
    /// Reads the request time from `x-log-date` when present (RFC 1123 for signature v1, ISO 8601 basic such as
    /// `20220808T032330Z` for v4), else from `Date`, and rejects it when it differs from `serverTime` by more than
    /// `maxSkewSeconds`.
    static func check(_ headers: HTTPHeaders, serverTime: Int64, maxSkewSeconds: Int64) throws(LocalSLSRejection) {
        guard let text = headers["x-log-date"] ?? headers["Date"] else {
            throw LocalSLSRejection(400, "MissingDate", "neither Date nor x-log-date is present; send the request time")
        }
        guard let requestTime = SLSDate.parseRFC1123(text) ?? parseISO8601Basic(text) else {
            throw LocalSLSRejection(400, "InvalidDateFormat", "request time \"\(text)\" is not an RFC 1123 date "
                + "(Mon, 03 Jan 2010 08:33:47 GMT) or an ISO 8601 basic time (20100103T083347Z)")
        }
        let skew = requestTime - serverTime
        guard abs(skew) <= maxSkewSeconds else {
            throw LocalSLSRejection(400, "RequestTimeExpired", "request time \(text) differs from the server time "
                + "\(SLSDate.rfc1123(serverTime)) by \(skew) seconds; the limit is \(maxSkewSeconds) seconds")
        }
    }

    /// Parses `YYYYMMDDTHHMMSSZ` (UTC) into seconds since the epoch, or nil.
    static func parseISO8601Basic(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int32? {
            var value: Int32 = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int32(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
              let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }

        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        return Int64(timegm(&parts))
    }
}
