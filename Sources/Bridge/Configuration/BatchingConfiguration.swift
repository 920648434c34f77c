/// When an open batch of log entries is sealed and sent as one PutLogs request.
///
/// A batch is sealed when it reaches ``maxEntries`` entries or ``maxBytes`` bytes of encoded LogGroup,
/// or when its oldest entry has waited ``lingerMilliseconds``. The defaults are those of the official
/// SLS producers (Go and Java): 4096 logs, 512 KiB, 2000 ms.
public struct BatchingConfiguration: Sendable, Equatable {
    public var maxEntries: Int
    /// Bytes of the encoded (uncompressed) LogGroup.
    public var maxBytes: Int
    public var lingerMilliseconds: Int

    public init(maxEntries: Int = 4096, maxBytes: Int = 524_288, lingerMilliseconds: Int = 2000) {
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
        self.lingerMilliseconds = lingerMilliseconds
    }

    /// SLS rejects a PutLogs body above 10 MB raw; keep a batch below it.
    public static let maxBytesLimit = 10 * 1024 * 1024
    /// The official producers allow at most 40,960 logs per batch.
    public static let maxEntriesLimit = 40_960
}
