import Core

/// The value of a derived field: a string, or a value copied from the record's packed contents without an
/// intermediate string.
enum DerivedText: Equatable {
    case string(String)
    /// The bytes at `range` of the record's packed contents, with ASCII letters lower-cased when `lowercased`.
    /// Lower-casing is only chosen for ASCII bytes, so the field has exactly `range.count` bytes.
    case contents(Range<Int>, lowercased: Bool)

    /// Returns the text as a string, reading a ``contents(_:lowercased:)`` value from `contents`.
    func string(in contents: LogContentsBuffer) -> String {
        switch self {
        case .string(let text):
            return text
        case .contents(let range, let lowercased):
            let text = contents.string(in: range)
            return lowercased ? text.lowercased() : text
        }
    }

    /// Returns the value with a ``contents(_:lowercased:)`` value turned into a string, for entries whose contents
    /// are not `contents`, such as the entries of expanded flow tuples.
    func materialized(in contents: LogContentsBuffer) -> DerivedText {
        .string(string(in: contents))
    }

    /// Appends a content with `key` and this value to `contents`, which for a ``contents(_:lowercased:)`` value must
    /// be the buffer its range refers to.
    func append(key: String, to contents: LogContentsBuffer) {
        switch self {
        case .string(let text):
            contents.append(key: key, value: text)
        case .contents(let range, let lowercased):
            contents.append(key: key, valueByteCount: range.count) { output in
                // The range lies before the new content, and growing the buffer keeps the bytes at their offsets.
                contents.withEncodedBytes { packed in
                    let source = UnsafeBufferPointer(rebasing: packed[range])
                    if lowercased {
                        _ = ASCII.writeLowercased(source, into: output)
                    } else if let sourceBase = source.baseAddress, let outputBase = output.baseAddress {
                        outputBase.update(from: sourceBase, count: source.count)
                    }
                }
            }
        }
    }
}
