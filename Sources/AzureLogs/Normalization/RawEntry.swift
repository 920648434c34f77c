import Core

/// Entries for input that could not be read as a record, so that nothing is dropped.
enum RawEntry {
    /// Returns the parts of the entry for text that is not a record: `ehb_raw` (the text),
    /// `ehb_parse_error` and `ehb_parse_error_offset`, with the Kafka timestamp or else the receive time.
    ///
    /// The text is `bytes` decoded as UTF-8 with each invalid sequence and each NUL character replaced by
    /// U+FFFD, so the entry holds only valid, NUL-free UTF-8. `isLossy` is true when anything was replaced.
    static func textParts(
        _ bytes: UnsafeBufferPointer<UInt8>, error description: String, byteOffset: Int, context: MessageContext
    ) -> (parts: EntryParts, isLossy: Bool) {
        let isLossy = bytes.contains(0) || !UTF8Validation.isValid(bytes)
        let parts = EntryParts(
            contents: [
                LogContent(BridgeFieldKey.raw, sanitizedText(bytes)),
                LogContent(BridgeFieldKey.parseError, description),
                LogContent(BridgeFieldKey.parseErrorOffset, String(byteOffset)),
            ],
            hasBridgePrefixedKey: true, time: EntryTime.fallback(context), derived: nil
        )
        return (parts, isLossy)
    }

    /// Returns the parts of the entry for binary input: `ehb_raw` is `base64:` and the bytes in base64.
    static func binaryParts(
        _ bytes: UnsafeBufferPointer<UInt8>, error description: String, context: MessageContext
    ) -> EntryParts {
        EntryParts(
            contents: [
                LogContent(BridgeFieldKey.raw, "base64:" + Base64.encode(bytes)),
                LogContent(BridgeFieldKey.parseError, description),
                LogContent(BridgeFieldKey.parseErrorOffset, "0"),
            ],
            hasBridgePrefixedKey: true, time: EntryTime.fallback(context), derived: nil
        )
    }

    static func sanitizedText(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        NULReplacement.replacingNUL(in: String(decoding: bytes, as: UTF8.self)).text
    }
}
