import Core

/// The contents and time of one flow tuple, a comma-separated text.
///
/// NSG flow logs (version 1 has the first 8 fields, version 2 all 13):
/// `time (epoch seconds), source IP, destination IP, source port, destination port, protocol (T or U),
/// direction (I or O), decision (A or D), state (B, C or E), packets sent, bytes sent, packets received,
/// bytes received`.
///
/// VNet flow logs: `time (epoch milliseconds), source IP, destination IP, source port, destination port,
/// protocol (IANA number), direction (I or O), state (B, C, E or D), encryption (X, NX, ...), packets sent,
/// bytes sent, packets received, bytes received`.
///
/// "Sent" is from source to destination and "received" the reverse. Letters are kept as written. Empty
/// fields (the counters of a `B` tuple) are left out. `flow_tuple` keeps the whole text, so fields added by
/// a later format version are not lost.
struct FlowTuple {
    /// Content keys of flow entries.
    enum Key {
        static let version = "flow_version"
        static let rule = "flow_rule"
        static let mac = "flow_mac"
        static let aclID = "flow_acl_id"
        static let tuple = "flow_tuple"
        static let sourceIP = "flow_source_ip"
        static let destinationIP = "flow_destination_ip"
        static let sourcePort = "flow_source_port"
        static let destinationPort = "flow_destination_port"
        static let `protocol` = "flow_protocol"
        static let direction = "flow_direction"
        static let decision = "flow_decision"
        static let state = "flow_state"
        static let encryption = "flow_encryption"
        static let packetsSent = "flow_packets_sent"
        static let bytesSent = "flow_bytes_sent"
        static let packetsReceived = "flow_packets_received"
        static let bytesReceived = "flow_bytes_received"
    }

    /// The flow's time, or nil when the tuple's first field is not an epoch time in the expected unit.
    var time: UTCTimestamp?
    var contents: [LogContent]

    private static let networkSecurityGroupNames = [
        Key.sourceIP, Key.destinationIP, Key.sourcePort, Key.destinationPort, Key.protocol, Key.direction,
        Key.decision, Key.state, Key.packetsSent, Key.bytesSent, Key.packetsReceived, Key.bytesReceived,
    ]
    private static let virtualNetworkNames = [
        Key.sourceIP, Key.destinationIP, Key.sourcePort, Key.destinationPort, Key.protocol, Key.direction,
        Key.state, Key.encryption, Key.packetsSent, Key.bytesSent, Key.packetsReceived, Key.bytesReceived,
    ]

    init(networkSecurityGroupTuple text: String, context: [LogContent]) {
        self.init(text, context: context, names: Self.networkSecurityGroupNames, millisecondTime: false)
    }

    init(virtualNetworkTuple text: String, context: [LogContent]) {
        self.init(text, context: context, names: Self.virtualNetworkNames, millisecondTime: true)
    }

    private init(_ text: String, context: [LogContent], names: [String], millisecondTime: Bool) {
        let fields = text.split(separator: ",", omittingEmptySubsequences: false)
        contents = context
        contents.append(LogContent(Key.tuple, text))
        for (name, field) in zip(names, fields.dropFirst()) where !field.isEmpty {
            contents.append(LogContent(name, String(field)))
        }

        let timeText = fields.first.map { String($0) } ?? ""
        let expectedDigits = millisecondTime ? 13 : 10
        let isEpoch = timeText.utf8.count == expectedDigits && timeText.utf8.allSatisfy(ASCII.isDigit)
        time = isEpoch ? EpochTimestampParser.parse(timeText) : nil
    }
}
