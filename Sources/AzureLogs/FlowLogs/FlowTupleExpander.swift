import Core

/// The optional expansion of flow-log records into one entry per flow tuple.
///
/// Two record shapes are known, recognized by category (any letter case):
/// - NSG flow logs (`NetworkSecurityGroupFlowEvent`, Network Watcher versions 1 and 2): tuples in
///   `properties.flows[].flows[].flowTuples[]`, with the rule in `properties.flows[].rule` and the MAC address
///   in `properties.flows[].flows[].mac`. The tuple container is `properties`, whose other member `Version`
///   becomes `flow_version`.
/// - VNet flow logs (`FlowLogFlowEvent`): tuples in `flowRecords.flows[].flowGroups[].flowTuples[]`, with the
///   ACL id in `flowRecords.flows[].aclID` and the rule in `flowRecords.flows[].flowGroups[].rule`. The tuple
///   container is `flowRecords`.
///
/// See ``FlowTuple`` for the fields of one tuple. A record of another category, or one with no tuple, is not
/// expanded.
enum FlowTupleExpander {
    enum Kind {
        case networkSecurityGroup
        case virtualNetwork
    }

    struct Expansion {
        /// The index of the tuple container in the record's contents, which flow entries leave out.
        var containerIndex: Int
        var tuples: [FlowTuple]
    }

    static func kind(category: String?) -> Kind? {
        switch category?.lowercased() {
        case "networksecuritygroupflowevent": .networkSecurityGroup
        case "flowlogflowevent": .virtualNetwork
        default: nil
        }
    }

    /// Returns the flows of a flow-log record, or nil when the record is not one or has no tuple.
    /// `category` is the derived category; without one, the record's own `category` field decides.
    static func expand(_ record: borrowing RecordView, category: String?) -> Expansion? {
        guard let kind = kind(category: category ?? record.firstText(of: RecordField.categoryAliases)) else {
            return nil
        }

        let container: RecordField = kind == .networkSecurityGroup ? .properties : .flowRecords
        let index = record.fieldIndexes[container.rawValue]
        guard index >= 0, record.spans[index].kind == .object else {
            return nil
        }

        let tuples: [FlowTuple]
        switch kind {
        case .networkSecurityGroup:
            tuples = networkSecurityGroupTuples(record.bytes, properties: record.spans[index])
        case .virtualNetwork:
            tuples = virtualNetworkTuples(record.bytes, flowRecords: record.spans[index])
        }
        return tuples.isEmpty ? nil : Expansion(containerIndex: index, tuples: tuples)
    }

    private static func networkSecurityGroupTuples(
        _ bytes: UnsafeBufferPointer<UInt8>, properties: JSONValueSpan
    ) -> [FlowTuple] {
        guard let top = members(bytes, of: properties, ["version", "flows"]) else {
            return []
        }
        let version = top[0].flatMap { FieldText.scalarText($0, in: bytes) }
        var tuples: [FlowTuple] = []
        for ruleFlow in arrayElements(bytes, top[1]) {
            guard let ruleMembers = members(bytes, of: ruleFlow, ["rule", "flows"]) else {
                continue
            }
            let rule = ruleMembers[0].flatMap { FieldText.scalarText($0, in: bytes) }
            for macFlow in arrayElements(bytes, ruleMembers[1]) {
                guard let macMembers = members(bytes, of: macFlow, ["mac", "flowtuples"]) else {
                    continue
                }
                var context: [LogContent] = []
                if let version { context.append(LogContent(FlowTuple.Key.version, version)) }
                if let rule { context.append(LogContent(FlowTuple.Key.rule, rule)) }
                if let mac = macMembers[0].flatMap({ FieldText.scalarText($0, in: bytes) }) {
                    context.append(LogContent(FlowTuple.Key.mac, mac))
                }
                for tuple in arrayElements(bytes, macMembers[1]) where tuple.kind == .string {
                    let text = JSONText.unescaped(tuple, in: bytes)
                    tuples.append(FlowTuple(networkSecurityGroupTuple: text, context: context))
                }
            }
        }
        return tuples
    }

    private static func virtualNetworkTuples(
        _ bytes: UnsafeBufferPointer<UInt8>, flowRecords: JSONValueSpan
    ) -> [FlowTuple] {
        guard let top = members(bytes, of: flowRecords, ["flows"]) else {
            return []
        }
        var tuples: [FlowTuple] = []
        for aclFlow in arrayElements(bytes, top[0]) {
            guard let aclMembers = members(bytes, of: aclFlow, ["aclid", "flowgroups"]) else {
                continue
            }
            let aclID = aclMembers[0].flatMap { FieldText.scalarText($0, in: bytes) }
            for group in arrayElements(bytes, aclMembers[1]) {
                guard let groupMembers = members(bytes, of: group, ["rule", "flowtuples"]) else {
                    continue
                }
                var context: [LogContent] = []
                if let aclID { context.append(LogContent(FlowTuple.Key.aclID, aclID)) }
                if let rule = groupMembers[0].flatMap({ FieldText.scalarText($0, in: bytes) }) {
                    context.append(LogContent(FlowTuple.Key.rule, rule))
                }
                for tuple in arrayElements(bytes, groupMembers[1]) where tuple.kind == .string {
                    let text = JSONText.unescaped(tuple, in: bytes)
                    tuples.append(FlowTuple(virtualNetworkTuple: text, context: context))
                }
            }
        }
        return tuples
    }

    private static func members(
        _ bytes: UnsafeBufferPointer<UInt8>, of span: JSONValueSpan, _ names: [String]
    ) -> [JSONValueSpan?]? {
        guard span.kind == .object else {
            return nil
        }
        return JSONObjectLookup.memberValues(in: bytes, objectStart: span.start, lowercasedNames: names.map { Array($0.utf8) })
    }

    private static func arrayElements(_ bytes: UnsafeBufferPointer<UInt8>, _ span: JSONValueSpan?) -> [JSONValueSpan] {
        guard let span, span.kind == .array else {
            return []
        }
        return JSONObjectLookup.elements(in: bytes, arrayStart: span.start) ?? []
    }
}
