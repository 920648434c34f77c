import Core

/// Parses a PutLogs body back into a ``LogGroup``, as strictly as an SLS server would.
///
/// The decoder checks that every length stays inside its message and that every string is valid UTF-8. The
/// `required` fields must be present: `Log.Time`, `Log.Content.Key` and `.Value`, `LogTag.Key` and `.Value`.
/// Known fields must carry the wire type of their schema type. Unknown fields of wire types 0, 1, 2 and 5 are
/// skipped, such as `Reserved`, `MachineUUID` and the `values` field that some agents add to `Log`. When a
/// scalar or string field appears more than once, the last value wins, as in protobuf.
public enum LogGroupDecoder {
    /// Decodes one serialized LogGroup.
    ///
    /// - Throws: ``LogGroupDecodingError`` naming the problem and its byte offset in `bytes`.
    public static func decode(_ bytes: [UInt8]) throws(LogGroupDecodingError) -> LogGroup {
        var reader = ProtobufReader(bytes: bytes, range: 0..<bytes.count)
        var group = LogGroup(logs: [])

        while !reader.isAtEnd {
            let tag = try reader.readTag()
            switch tag.fieldNumber {
            case LogGroupSchema.LogGroupField.logs:
                try require(tag, .lengthDelimited, field: "LogGroup.Logs")
                let payload = try reader.readLengthDelimited()
                var logReader = reader.nested(payload)
                group.logs.append(try decodeLog(&logReader, startingAt: payload.lowerBound))
            case LogGroupSchema.LogGroupField.topic:
                try require(tag, .lengthDelimited, field: "LogGroup.Topic")
                group.topic = try reader.readString(field: "LogGroup.Topic")
            case LogGroupSchema.LogGroupField.source:
                try require(tag, .lengthDelimited, field: "LogGroup.Source")
                group.source = try reader.readString(field: "LogGroup.Source")
            case LogGroupSchema.LogGroupField.logTags:
                try require(tag, .lengthDelimited, field: "LogGroup.LogTags")
                let payload = try reader.readLengthDelimited()
                var tagReader = reader.nested(payload)
                let pair = try decodePair(&tagReader, message: .logTag, startingAt: payload.lowerBound)
                group.tags.append(LogTag(key: pair.key, value: pair.value))
            default:
                try reader.skipValue(of: tag)
            }
        }
        return group
    }

    private static func decodeLog(
        _ reader: inout ProtobufReader, startingAt start: Int
    ) throws(LogGroupDecodingError) -> LogEntry {
        var time: UInt32?
        var nanoseconds: UInt32?
        var contents: [LogContent] = []

        while !reader.isAtEnd {
            let tag = try reader.readTag()
            switch tag.fieldNumber {
            case LogGroupSchema.LogField.time:
                try require(tag, .varint, field: "Log.Time")
                let valueOffset = reader.offset
                let value = try reader.readVarint()
                guard value <= UInt64(UInt32.max) else {
                    throw LogGroupDecodingError(.valueOutOfRange(field: "Log.Time", value: value), offset: valueOffset)
                }
                time = UInt32(value)
            case LogGroupSchema.LogField.contents:
                try require(tag, .lengthDelimited, field: "Log.Contents")
                let payload = try reader.readLengthDelimited()
                var contentReader = reader.nested(payload)
                let pair = try decodePair(&contentReader, message: .content, startingAt: payload.lowerBound)
                contents.append(LogContent(pair.key, pair.value))
            case LogGroupSchema.LogField.timeNanoseconds:
                try require(tag, .fixed32, field: "Log.Time_ns")
                let valueOffset = reader.offset
                let value = try reader.readFixed32()
                guard value <= 999_999_999 else {
                    throw LogGroupDecodingError(
                        .valueOutOfRange(field: "Log.Time_ns", value: UInt64(value)), offset: valueOffset
                    )
                }
                nanoseconds = value
            default:
                try reader.skipValue(of: tag)
            }
        }

        guard let time else { throw LogGroupDecodingError(.missingRequiredField("Log.Time"), offset: start) }
        return LogEntry(time: time, timeNanoseconds: nanoseconds, contents: contents)
    }

    /// The two messages that hold a required `Key` (1) and `Value` (2).
    private enum PairMessage {
        case content
        case logTag

        var keyField: String {
            switch self {
            case .content: "Log.Content.Key"
            case .logTag: "LogTag.Key"
            }
        }

        var valueField: String {
            switch self {
            case .content: "Log.Content.Value"
            case .logTag: "LogTag.Value"
            }
        }
    }

    private static func decodePair(
        _ reader: inout ProtobufReader, message: PairMessage, startingAt start: Int
    ) throws(LogGroupDecodingError) -> (key: String, value: String) {
        var key: String?
        var value: String?

        while !reader.isAtEnd {
            let tag = try reader.readTag()
            switch tag.fieldNumber {
            case LogGroupSchema.PairField.key:
                try require(tag, .lengthDelimited, field: message.keyField)
                key = try reader.readString(field: message.keyField)
            case LogGroupSchema.PairField.value:
                try require(tag, .lengthDelimited, field: message.valueField)
                value = try reader.readString(field: message.valueField)
            default:
                try reader.skipValue(of: tag)
            }
        }

        guard let key else { throw LogGroupDecodingError(.missingRequiredField(message.keyField), offset: start) }
        guard let value else { throw LogGroupDecodingError(.missingRequiredField(message.valueField), offset: start) }
        return (key, value)
    }

    private static func require(
        _ tag: ProtobufReader.Tag, _ wireType: LogGroupSchema.WireType, field: String
    ) throws(LogGroupDecodingError) {
        guard tag.wireType == wireType.rawValue else {
            throw LogGroupDecodingError(.wrongWireType(field: field, wireType: tag.wireType), offset: tag.offset)
        }
    }
}
