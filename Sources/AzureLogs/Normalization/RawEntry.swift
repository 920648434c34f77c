import Core

/// Entries for input that could not be read as a record, so that nothing is dropped.
enum RawEntry {
    /// Returns the entry for input that is not a record: `ehb_raw` (the text), `ehb_parse_error`,
    /// `ehb_parse_error_offset` and `ehb_time_source`, with the Kafka timestamp or else the receive time.
    ///
    /// The text is `bytes` decoded as UTF-8 with each invalid sequence and each NUL character replaced by
    /// U+FFFD, so the entry holds only valid, NUL-free UTF-8.
    static func make(
        text bytes: UnsafeBufferPointer<UInt8>, error description: String, byteOffset: Int, context: MessageContext
    ) -> LogEntry {
        let time = EntryTime.fallback(context)
        var contents = [
            LogContent(BridgeFieldKey.raw, sanitizedText(bytes)),
            LogContent(BridgeFieldKey.parseError, description),
            LogContent(BridgeFieldKey.parseErrorOffset, String(byteOffset)),
        ]
        if let marker = time.source.markerValue {
            contents.append(LogContent(BridgeFieldKey.timeSource, marker))
        }
        return LogEntry(time: time.entrySeconds, timeNanoseconds: time.entryNanoseconds, contents: contents)
    }

    static func sanitizedText(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        guard bytes.contains(0) else {
            return text
        }

        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(scalar == "\0" ? "\u{FFFD}" : scalar)
        }
        return String(scalars)
    }
}
