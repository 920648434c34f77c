/// Types of mapping nodes. A mapping is an ordered list of entries with unique scalar keys.
public enum YAMLMapping {
    /// One `key: value` pair of a mapping.
    public struct Entry: Sendable, Equatable {
        /// The key's text. Keys are scalars, compared by text, so `"port"` and `port` are the same key.
        public var key: String
        /// The position where the key starts.
        public var keyMark: YAMLMark
        public var value: YAMLNode

        public init(key: String, keyMark: YAMLMark, value: YAMLNode) {
            self.key = key
            self.keyMark = keyMark
            self.value = value
        }
    }
}
