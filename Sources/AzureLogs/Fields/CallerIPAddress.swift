/// Clean-up of caller IP address text from Azure records.
enum CallerIPAddress {
    /// Returns the address with surrounding spaces and any port removed, or nil for empty text.
    ///
    /// `198.51.100.23:50432` becomes `198.51.100.23` and `[2001:db8::10]:443` becomes `2001:db8::10`. Text with
    /// more than one colon and no brackets is a bare IPv6 address and stays as it is. The text is otherwise not
    /// checked to be an address.
    static func normalized(_ text: String) -> String? {
        var text = text
        let count = text.utf8.count
        // Reads the bytes, because this runs for most records and String index arithmetic cost several times more.
        let host: Range<Int>? = text.withUTF8 { bytes in
            var start = 0
            var end = bytes.count
            while start < end && ASCII.isWhitespace(bytes[start]) {
                start += 1
            }
            while end > start && ASCII.isWhitespace(bytes[end - 1]) {
                end -= 1
            }
            guard start < end else {
                return nil
            }

            if bytes[start] == ASCII.openBracket {
                var close = start + 1
                while close < end && bytes[close] != ASCII.closeBracket {
                    close += 1
                }
                return close < end && close > start + 1 ? (start + 1)..<close : nil
            }

            // One colon separates a port. Two or more make a bare IPv6 address.
            var firstColon = -1
            var index = start
            while index < end {
                if bytes[index] == ASCII.colon {
                    guard firstColon < 0 else {
                        return start..<end
                    }
                    firstColon = index
                }
                index += 1
            }
            guard firstColon >= 0 else {
                return start..<end
            }
            return firstColon > start ? start..<firstColon : nil
        }
        guard let host else {
            return nil
        }
        if host == 0..<count {
            return text
        }
        return text.withUTF8 { JSONText.verbatim(host, in: $0) }
    }

    /// Returns the client address in the free text of an Azure Firewall legacy log `msg`, such as
    /// `TCP request from 198.51.100.23:50306 to 10.0.1.4:3389. Action: Deny.`, or nil when there is no
    /// `from` followed by an IPv4 address or a bracketed IPv6 address.
    static func firewallMessageSource(_ message: String) -> String? {
        guard let token = word(after: "from ", in: message), let address = normalized(token) else {
            return nil
        }

        let isIPv6 = token.utf8.first == ASCII.openBracket && address.utf8.contains(ASCII.colon)
            && address.utf8.allSatisfy { $0 == ASCII.colon || $0 == ASCII.period || ASCII.hexDigitValue($0) != nil }
        return isDottedIPv4(address) || isIPv6 ? address : nil
    }

    /// Returns whether `text` is four groups of 1 to 3 ASCII digits separated by periods. The values are not
    /// checked, so `999.1.1.1` passes.
    private static func isDottedIPv4(_ text: String) -> Bool {
        var groups = 1
        var digitsInGroup = 0
        for byte in text.utf8 {
            if byte == ASCII.period {
                guard digitsInGroup > 0 else {
                    return false
                }
                groups += 1
                digitsInGroup = 0
            } else if ASCII.isDigit(byte) && digitsInGroup < 3 {
                digitsInGroup += 1
            } else {
                return false
            }
        }
        return groups == 4 && digitsInGroup > 0
    }

    /// Returns the text after the first occurrence of `marker`, up to the next space or comma.
    private static func word(after marker: String, in text: String) -> String? {
        var text = text
        let marker = Array(marker.utf8)
        return text.withUTF8 { bytes in
            var index = 0
            while index + marker.count <= bytes.count {
                let candidate = UnsafeBufferPointer(rebasing: bytes[index..<(index + marker.count)])
                guard bytes[index] == marker[0], candidate.elementsEqual(marker) else {
                    index += 1
                    continue
                }

                let start = index + marker.count
                var end = start
                while end < bytes.count && bytes[end] != ASCII.space && bytes[end] != ASCII.comma {
                    end += 1
                }
                return JSONText.verbatim(start..<end, in: bytes)
            }
            return nil
        }
    }
}
