/// Header and query helpers shared by the v1 and v4 signatures.
enum HeaderCanonicalization {
    /// Returns the headers that `isSigned` selects, with lowercased names and values trimmed of spaces and
    /// tabs, sorted by name byte by byte. Headers with the same name keep their order.
    static func canonicalHeaders(
        _ headers: [(name: String, value: String)], isSigned: (String) -> Bool
    ) -> [(name: String, value: String)] {
        var selected: [(name: String, value: String)] = []
        for header in headers {
            let name = header.name.lowercased()
            if isSigned(name) {
                selected.append((name, trimmed(header.value)))
            }
        }
        return stableSortedByName(selected)
    }

    /// Returns `pairs` sorted by name, comparing UTF-8 bytes as Go's `sort.Strings` and Python's `sorted` do,
    /// and keeping the order of pairs with the same name.
    static func stableSortedByName(_ pairs: [(name: String, value: String)]) -> [(name: String, value: String)] {
        pairs.enumerated()
            .sorted { left, right in
                if left.element.name == right.element.name {
                    return left.offset < right.offset
                }
                return left.element.name.utf8.lexicographicallyPrecedes(right.element.name.utf8)
            }
            .map(\.element)
    }

    private static func trimmed(_ value: String) -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = value.firstIndex(where: { !isBlank($0) }),
              let last = value.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(value[first...last])
    }
}
