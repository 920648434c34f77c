/// One tag of a LogGroup. SLS shows it on every log of the group as the field `__tag__:{key}`.
public struct LogTag: Sendable, Hashable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}
