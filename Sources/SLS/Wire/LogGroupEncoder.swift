import Core

/// Serializes a ``LogGroup`` into the protobuf bytes of a PutLogs body.
///
/// Fields are written in field-number order: each log (`Time`, its `Contents`, then `Time_ns` when the entry
/// has one), then `Topic`, `Source` and the tags. `Topic` is always written, even when empty, as the Python
/// SDK does and as the Go SDK's signing test body shows. An empty `Source` is left out. `timeNanoseconds` is written as given, so a value above
/// 999,999,999 produces a body that ``LogGroupDecoder`` rejects.
///
/// The encoder computes the exact size first and then writes straight into the output, so it allocates
/// nothing per log or per content. A log's contents are already in their wire form (``PackedLogContents``) and
/// are copied as they are.
public enum LogGroupEncoder {
    /// Writes the protobuf encoding of `group` into the start of `buffer` and returns its size in bytes.
    ///
    /// `buffer` grows when it is shorter than the encoding, to a multiple of 64 KiB (``ReusableBuffer``), and never
    /// shrinks. The bytes after the returned size are unspecified: they keep what they held, or after growth what
    /// the allocator returned. A caller that keeps one buffer for all its requests thus writes each encoding once,
    /// where appending to an emptied buffer would first fill the room with zeros and then overwrite them.
    public static func encode(_ group: LogGroup, reusing buffer: inout [UInt8]) -> Int {
        let size = encodedSize(of: group)
        ReusableBuffer.grow(&buffer, toHold: size)

        buffer.withUnsafeMutableBufferPointer { whole in
            write(group, to: UnsafeMutableBufferPointer(rebasing: whole[0..<size]))
        }
        return size
    }

    /// Returns the protobuf encoding of `group`.
    public static func encode(_ group: LogGroup) -> [UInt8] {
        let size = encodedSize(of: group)
        return [UInt8](unsafeUninitializedCapacity: size) { region, initializedCount in
            write(group, to: region)
            initializedCount = size
        }
    }

    /// Returns the number of bytes ``encode(_:)`` produces for `group`.
    public static func encodedSize(of group: LogGroup) -> Int {
        var size = 0
        for log in group.logs {
            size += ProtobufWriter.lengthDelimitedFieldSize(payloadBytes: logSize(log))
        }
        size += ProtobufWriter.lengthDelimitedFieldSize(payloadBytes: group.topic.utf8.count)
        if !group.source.isEmpty {
            size += ProtobufWriter.lengthDelimitedFieldSize(payloadBytes: group.source.utf8.count)
        }
        for tag in group.tags {
            size += ProtobufWriter.lengthDelimitedFieldSize(payloadBytes: pairSize(key: tag.key, value: tag.value))
        }
        return size
    }

    /// Returns the bytes `log` adds to a LogGroup's encoding: the `Logs` field tag, its length and the `Log`
    /// message.
    public static func encodedSize(ofLog log: LogEntry) -> Int {
        ProtobufWriter.lengthDelimitedFieldSize(payloadBytes: logSize(log))
    }

    /// Writes `group` into `region`, which must be exactly ``encodedSize(of:)`` bytes long.
    private static func write(_ group: LogGroup, to region: UnsafeMutableBufferPointer<UInt8>) {
        var writer = ProtobufWriter(buffer: region)

        for log in group.logs {
            writer.writeByte(LogGroupSchema.tag(LogGroupSchema.LogGroupField.logs, .lengthDelimited))
            writer.writeVarint(UInt64(logSize(log)))
            writeLog(log, with: &writer)
        }

        writer.writeStringField(tag: LogGroupSchema.tag(LogGroupSchema.LogGroupField.topic, .lengthDelimited), group.topic)
        if !group.source.isEmpty {
            writer.writeStringField(
                tag: LogGroupSchema.tag(LogGroupSchema.LogGroupField.source, .lengthDelimited), group.source
            )
        }

        for tag in group.tags {
            writer.writeByte(LogGroupSchema.tag(LogGroupSchema.LogGroupField.logTags, .lengthDelimited))
            writer.writeVarint(UInt64(pairSize(key: tag.key, value: tag.value)))
            writePair(key: tag.key, value: tag.value, with: &writer)
        }

        precondition(writer.offset == region.count, "LogGroup encoding size mismatch")
    }

    private static func writeLog(_ log: LogEntry, with writer: inout ProtobufWriter) {
        writer.writeByte(LogGroupSchema.tag(LogGroupSchema.LogField.time, .varint))
        writer.writeVarint(UInt64(log.time))

        log.packedContents.bytes.withUnsafeBufferPointer { contents in
            writer.writeBytes(contents)
        }

        if let nanoseconds = log.timeNanoseconds {
            writer.writeByte(LogGroupSchema.tag(LogGroupSchema.LogField.timeNanoseconds, .fixed32))
            writer.writeFixed32(nanoseconds)
        }
    }

    private static func writePair(key: String, value: String, with writer: inout ProtobufWriter) {
        writer.writeStringField(tag: LogGroupSchema.tag(LogGroupSchema.PairField.key, .lengthDelimited), key)
        writer.writeStringField(tag: LogGroupSchema.tag(LogGroupSchema.PairField.value, .lengthDelimited), value)
    }

    /// Returns the size of a `Log` message without its own tag and length.
    private static func logSize(_ log: LogEntry) -> Int {
        var size = 1 + ProtobufWriter.varintSize(UInt64(log.time)) + log.packedContents.bytes.count
        if log.timeNanoseconds != nil {
            size += 1 + 4
        }
        return size
    }

    /// Returns the size of a `Log.Content` or `LogTag` message without its own tag and length.
    private static func pairSize(key: String, value: String) -> Int {
        ProtobufWriter.lengthDelimitedFieldSize(payloadBytes: key.utf8.count)
            + ProtobufWriter.lengthDelimitedFieldSize(payloadBytes: value.utf8.count)
    }
}
