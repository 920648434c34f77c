/// Builds one ``YAMLNode`` tree from parser events, enforcing the rules of ``YAMLDocument/parse(_:)``.
struct YAMLTreeBuilder {
    private struct Frame {
        enum Kind { case sequence, mapping }

        var kind: Kind
        var mark: YAMLMark
        var anchor: String?
        var items: [YAMLNode] = []
        var entries: [YAMLMapping.Entry] = []
        /// The first position of each key in the mapping, for duplicate-key errors.
        var keyMarks: [String: YAMLMark] = [:]
        /// The key whose value comes next, or nil when the next node is a key.
        var pendingKey: (text: String, mark: YAMLMark)?
        /// The number of nodes inside this one so far, aliases counted as the nodes they copy.
        var nodeCount = 0
    }

    private let maximumDepth: Int
    private let maximumAliasNodes: Int

    private var stack: [Frame] = []
    /// Nodes by anchor name, each with its node count. A later anchor of the same name replaces an earlier one.
    private var anchors: [String: (node: YAMLNode, nodeCount: Int)] = [:]
    private var aliasNodeCount = 0
    private var documentCount = 0

    /// The document's root node once the document is complete, or nil when the stream contained no document.
    private(set) var root: YAMLNode?

    init(maximumDepth: Int, maximumAliasNodes: Int) {
        self.maximumDepth = maximumDepth
        self.maximumAliasNodes = maximumAliasNodes
    }

    mutating func handle(_ event: YAMLEvent) throws(YAMLError) {
        switch event {
        case .streamStart, .streamEnd, .documentEnd:
            break

        case .documentStart(let mark):
            documentCount += 1
            if documentCount > 1 {
                throw YAMLError.multipleDocuments(mark: mark)
            }

        case .scalar(let scalar, let anchor):
            try complete(.scalar(scalar), nodeCount: 1, anchor: anchor, mark: scalar.mark)

        case .alias(let anchor, let mark):
            // Aliases are resolved by copying the anchored node, so the tree never shares or cycles.
            guard let anchored = anchors[anchor] else {
                throw YAMLError.undefinedAlias(anchor: anchor, mark: mark)
            }
            aliasNodeCount += anchored.nodeCount
            if aliasNodeCount > maximumAliasNodes {
                throw YAMLError.aliasExpansionTooLarge(limit: maximumAliasNodes, mark: mark)
            }
            try complete(anchored.node, nodeCount: anchored.nodeCount, anchor: nil, mark: mark)

        case .sequenceStart(let anchor, let tag, let mark):
            try openCollection(.sequence, anchor: anchor, tag: tag, allowedTag: "tag:yaml.org,2002:seq", mark: mark)

        case .mappingStart(let anchor, let tag, let mark):
            try openCollection(.mapping, anchor: anchor, tag: tag, allowedTag: "tag:yaml.org,2002:map", mark: mark)

        case .sequenceEnd, .mappingEnd:
            let frame = stack.removeLast()
            let node: YAMLNode = switch frame.kind {
            case .sequence: .sequence(frame.items, frame.mark)
            case .mapping: .mapping(frame.entries, frame.mark)
            }
            try complete(node, nodeCount: frame.nodeCount + 1, anchor: frame.anchor, mark: frame.mark)
        }
    }

    private mutating func openCollection(
        _ kind: Frame.Kind, anchor: String?, tag: String?, allowedTag: String, mark: YAMLMark
    ) throws(YAMLError) {
        if let top = stack.last, top.kind == .mapping, top.pendingKey == nil {
            throw YAMLError.nonScalarKey(mark: mark)
        }
        if let tag, tag != "!", tag != allowedTag {
            throw YAMLError.unsupportedTag(tag: tag, mark: mark)
        }
        if stack.count >= maximumDepth {
            throw YAMLError.nestingTooDeep(limit: maximumDepth, mark: mark)
        }
        stack.append(Frame(kind: kind, mark: mark, anchor: anchor))
    }

    /// Adds a finished node to the collection being built, or makes it the root. `mark` is where the node was
    /// written, which for an alias is the alias and not the anchored node.
    private mutating func complete(_ node: YAMLNode, nodeCount: Int, anchor: String?, mark: YAMLMark) throws(YAMLError) {
        if let anchor {
            anchors[anchor] = (node, nodeCount)
        }
        guard !stack.isEmpty else {
            root = node
            return
        }

        let top = stack.count - 1
        stack[top].nodeCount += nodeCount
        switch stack[top].kind {
        case .sequence:
            stack[top].items.append(node)

        case .mapping:
            if let key = stack[top].pendingKey {
                stack[top].entries.append(YAMLMapping.Entry(key: key.text, keyMark: key.mark, value: node))
                stack[top].pendingKey = nil
                return
            }

            guard case .scalar(let scalar) = node else {
                throw YAMLError.nonScalarKey(mark: mark)
            }
            if scalar.style == .plain, scalar.tag == nil, scalar.text == "<<" {
                throw YAMLError.mergeKeyUnsupported(mark: mark)
            }
            if let firstMark = stack[top].keyMarks[scalar.text] {
                throw YAMLError.duplicateKey(key: scalar.text, mark: mark, firstMark: firstMark)
            }
            stack[top].keyMarks[scalar.text] = mark
            stack[top].pendingKey = (scalar.text, mark)
        }
    }
}
