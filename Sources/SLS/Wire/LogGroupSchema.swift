/// Field numbers of the SLS LogGroup protobuf schema (proto2) and the protobuf wire types.
///
/// The schema as the official SLS SDKs declare it (fields 2 and 5 of `LogGroup` appear only in some SDKs):
///
/// ```
/// message Log      { required uint32 Time = 1; repeated Content Contents = 2; optional fixed32 Time_ns = 4;
///                    message Content { required string Key = 1; required string Value = 2; } }
/// message LogTag   { required string Key = 1; required string Value = 2; }
/// message LogGroup { repeated Log Logs = 1; optional string Reserved = 2; optional string Topic = 3;
///                    optional string Source = 4; optional string MachineUUID = 5; repeated LogTag LogTags = 6; }
/// ```
///
/// Every field number is below 16, so every tag fits in one byte.
enum LogGroupSchema {
    enum WireType: UInt8 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case startGroup = 3
        case endGroup = 4
        case fixed32 = 5
    }

    enum LogGroupField {
        static let logs = 1
        static let topic = 3
        static let source = 4
        static let logTags = 6
    }

    enum LogField {
        static let time = 1
        static let contents = 2
        static let timeNanoseconds = 4
    }

    /// Field numbers of `Log.Content` and of `LogTag`, which share the same layout.
    enum PairField {
        static let key = 1
        static let value = 2
    }

    /// Returns the one-byte tag of a field whose number is below 16.
    static func tag(_ fieldNumber: Int, _ wireType: WireType) -> UInt8 {
        UInt8(fieldNumber << 3) | wireType.rawValue
    }
}
