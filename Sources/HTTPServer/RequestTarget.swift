/// Splits an origin-form request target (`/path?query`) and decodes its query as
/// `application/x-www-form-urlencoded`, the form that HTTP clients such as Python `requests` produce.
///
/// An absolute-form target (`http://host:port/path?query`), which clients send when they are configured with an
/// HTTP proxy, is reduced to its path and query: RFC 9112, section 3.2.2, requires servers to accept it.
struct RequestTarget {
    var rawPath: String
    var rawQuery: String
    var queryItems: [HTTPQueryItem]

    init(_ target: String) {
        let target = Self.originForm(of: target)
        let withoutFragment = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let parts = withoutFragment.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        rawPath = String(parts[0])
        rawQuery = parts.count > 1 ? String(parts[1]) : ""
        queryItems = Self.parseQuery(rawQuery)
    }

    /// Returns the path and query of an absolute-form target, `/` when it has no path, and any other target
    /// unchanged.
    static func originForm(of target: String) -> String {
        guard let schemeEnd = target.range(of: "://"),
              ["http", "https"].contains(target[..<schemeEnd.lowerBound].lowercased())
        else {
            return target
        }
        let authorityAndRest = target[schemeEnd.upperBound...]
        guard let pathStart = authorityAndRest.firstIndex(where: { $0 == "/" || $0 == "?" }) else {
            return "/"
        }
        let pathAndQuery = String(authorityAndRest[pathStart...])
        return pathAndQuery.hasPrefix("?") ? "/" + pathAndQuery : pathAndQuery
    }

    static func parseQuery(_ query: String) -> [HTTPQueryItem] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let nameAndValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = percentDecode(String(nameAndValue[0]), plusAsSpace: true)
            let value = nameAndValue.count > 1 ? percentDecode(String(nameAndValue[1]), plusAsSpace: true) : ""
            return HTTPQueryItem(name: name, value: value)
        }
    }

    /// Decodes `%XX` escapes as UTF-8 bytes. A `%` not followed by two hex digits stays as it is, and bytes that
    /// are not valid UTF-8 become U+FFFD.
    static func percentDecode(_ text: String, plusAsSpace: Bool) -> String {
        let input = Array(text.utf8)
        guard input.contains(UInt8(ascii: "%")) || (plusAsSpace && input.contains(UInt8(ascii: "+"))) else {
            return text
        }

        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "%"), index + 2 < input.count,
               let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2]) {
                output.append(high << 4 | low)
                index += 3
                continue
            }
            output.append(plusAsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
