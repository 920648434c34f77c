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
/// expanded. ``Expansion/isComplete`` is false when the expansion leaves out part of the container: a member
/// or element of another shape, a tuple that is not a string, or a group without tuples.
enum FlowTupleExpander {
    enum Kind {
        case networkSecurityGroup
        case virtualNetwork
    }

    struct Expansion {
        /// The index of the tuple container in the record's contents, which flow entries leave out.
        var containerIndex: Int
        var tuples: [FlowTuple]
        /// Whether the tuples and their context carry everything the container held.
        var isComplete: Bool
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
        var isComplete = true
        switch kind {
        case .networkSecurityGroup:
            tuples = networkSecurityGroupTuples(record.bytes, properties: record.spans[index], isComplete: &isComplete)
        case .virtualNetwork:
            tuples = virtualNetworkTuples(record.bytes, flowRecords: record.spans[index], isComplete: &isComplete)
        }
        return tuples.isEmpty ? nil : Expansion(containerIndex: index, tuples: tuples, isComplete: isComplete)
    }

    private static func networkSecurityGroupTuples(
        _ bytes: UnsafeBufferPointer<UInt8>, properties: JSONValueSpan, isComplete: inout Bool
    ) -> [FlowTuple] {
        guard let top = members(bytes, of: properties, ["version", "flows"], isComplete: &isComplete) else {
            return []
        }
        let version = top[0].flatMap { FieldText.scalarText($0, in: bytes) }
        var tuples: [FlowTuple] = []
        for ruleFlow in arrayElements(bytes, top[1], isComplete: &isComplete) {
            guard let ruleMembers = members(bytes, of: ruleFlow, ["rule", "flows"], isComplete: &isComplete) else {
                continue
            }
            let rule = ruleMembers[0].flatMap { FieldText.scalarText($0, in: bytes) }
            for macFlow in arrayElements(bytes, ruleMembers[1], isComplete: &isComplete) {
                guard let macMembers = members(bytes, of: macFlow, ["mac", "flowtuples"], isComplete: &isComplete) else {
                    continue
                }
                var context: [LogContent] = []
                if let version { context.append(LogContent(FlowTuple.Key.version, version)) }
                if let rule { context.append(LogContent(FlowTuple.Key.rule, rule)) }
                if let mac = macMembers[0].flatMap({ FieldText.scalarText($0, in: bytes) }) {
                    context.append(LogContent(FlowTuple.Key.mac, mac))
                }
                for tuple in tupleTexts(bytes, macMembers[1], isComplete: &isComplete) {
                    tuples.append(FlowTuple(networkSecurityGroupTuple: tuple, context: context))
                }
            }
        }
        return tuples
    }

    private static func virtualNetworkTuples(
        _ bytes: UnsafeBufferPointer<UInt8>, flowRecords: JSONValueSpan, isComplete: inout Bool
    ) -> [FlowTuple] {
        guard let top = members(bytes, of: flowRecords, ["flows"], isComplete: &isComplete) else {
            return []
        }
        var tuples: [FlowTuple] = []
        for aclFlow in arrayElements(bytes, top[0], isComplete: &isComplete) {
            guard let aclMembers = members(bytes, of: aclFlow, ["aclid", "flowgroups"], isComplete: &isComplete) else {
                continue
            }
            let aclID = aclMembers[0].flatMap { FieldText.scalarText($0, in: bytes) }
            for group in arrayElements(bytes, aclMembers[1], isComplete: &isComplete) {
                guard let groupMembers = members(bytes, of: group, ["rule", "flowtuples"], isComplete: &isComplete) else {
                    continue
                }
                var context: [LogContent] = []
                if let aclID { context.append(LogContent(FlowTuple.Key.aclID, aclID)) }
                if let rule = groupMembers[0].flatMap({ FieldText.scalarText($0, in: bytes) }) {
                    context.append(LogContent(FlowTuple.Key.rule, rule))
                }
                for tuple in tupleTexts(bytes, groupMembers[1], isComplete: &isComplete) {
                    tuples.append(FlowTuple(virtualNetworkTuple: tuple, context: context))
                }
            }
        }
        return tuples
    }

    /// Returns the values of the named members of an object, and clears `isComplete` when the value is no
    /// object or has other or repeated members.
    private static func members(
        _ bytes: UnsafeBufferPointer<UInt8>, of span: JSONValueSpan, _ names: [String], isComplete: inout Bool
    ) -> [JSONValueSpan?]? {
        guard span.kind == .object,
              let found = JSONObjectLookup.memberValuesAndCount(
                  in: bytes, objectStart: span.start, lowercasedNames: names.map { Array($0.utf8) })
        else {
            isComplete = false
            return nil
        }
        if found.values.count(where: { $0 != nil }) != found.memberCount {
            isComplete = false
        }
        return found.values
    }

    /// Returns the elements of an array, and clears `isComplete` when the value is missing, no array or empty.
    private static func arrayElements(
        _ bytes: UnsafeBufferPointer<UInt8>, _ span: JSONValueSpan?, isComplete: inout Bool
    ) -> [JSONValueSpan] {
        guard let span, span.kind == .array, let elements = JSONObjectLookup.elements(in: bytes, arrayStart: span.start),
              !elements.isEmpty
        else {
            isComplete = false
            return []
        }
        return elements
    }

    /// Returns the texts of the string tuples of a `flowTuples` array, and clears `isComplete` when it has
    /// another kind of element or none, or an escaped NUL, which becomes U+FFFD as in every value.
    private static func tupleTexts(
        _ bytes: UnsafeBufferPointer<UInt8>, _ span: JSONValueSpan?, isComplete: inout Bool
    ) -> [String] {
        var texts: [String] = []
        for tuple in arrayElements(bytes, span, isComplete: &isComplete) {
            guard tuple.kind == .string else {
                isComplete = false
                continue
            }
            var nulCount = 0
            texts.append(JSONText.unescapedReplacingNUL(tuple, in: bytes, nulCount: &nulCount))
            if nulCount > 0 {
                isComplete = false
            }
        }
        return texts
    }
}
