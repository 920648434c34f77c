/// Counts of what normalization did to one message beyond reading it, for metrics and the `normalize`
/// preview. All counts are zero for clean Azure input.
public struct NormalizationReport: Sendable, Equatable {
    /// Whether the value was gzip-compressed and was inflated.
    public var inflatedGzip = false
    /// The number of top-level JSON values read: 1 for a plain message, more for JSON Lines.
    public var jsonValues = 0
    /// Invalid UTF-8 sequences replaced by U+FFFD before parsing.
    public var invalidUTF8Sequences = 0
    /// NUL bytes replaced by U+FFFD inside strings, or dropped outside them, before parsing, and `\u0000`
    /// escapes in top-level string values replaced by U+FFFD.
    public var nulBytes = 0
    /// `\u` escapes of lone UTF-16 surrogates replaced by `\uFFFD` before parsing.
    public var loneSurrogates = 0
    /// Messages or JSON lines that only the opt-in sanitizers made readable.
    public var sanitizedUnits = 0
    /// Entries that keep unreadable input in `ehb_raw`.
    public var rawEntries = 0
    /// Entries whose own time lay outside the SLS window and that were sent with the receive time.
    public var adjustedTimes = 0
    /// Values truncated to the per-value or per-entry limit.
    public var truncatedValues = 0
    /// Source keys rewritten to the SLS key rule.
    public var rewrittenKeys = 0
    /// Entries made from flow tuples.
    public var flowTupleEntries = 0
    /// Headers that were neither AMQP values nor UTF-8 text and became `base64:` text.
    public var base64Headers = 0

    public init() {}
}
