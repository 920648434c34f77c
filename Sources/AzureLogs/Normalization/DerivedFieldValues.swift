/// The values of the `ehb_` fields of one record, except time; nil means the field is left out.
struct DerivedFieldValues: Equatable {
    var category: String?
    /// The lower-cased resource id, copied from the record's packed contents when it is a string there.
    var resourceId: DerivedText?
    /// The operation, copied from the record's packed contents when it is a string there.
    var operation: DerivedText?
    var callerIP: String?
    var level: AzureLevel

    /// Applies the derived-field rules to one record.
    ///
    /// - Category: `"SecurityAlert"` when `AlertType` has a value (a Defender for Cloud alert). Otherwise
    ///   `category`, then `categoryValue`. When that is the Activity Log operation type `Write`, `Delete` or
    ///   `Action`, `properties.eventCategory` contains the real category and replaces it.
    /// - Resource id: `resourceId`, `_ResourceId`, `AzureResourceId`, then `targetResourceID`, lower-cased.
    /// - Operation: `operationName`, then `OperationNameValue`. Otherwise, when `properties` has both
    ///   `CsMethod` and `CsUriStem` (App Service HTTP logs), the two joined by a space: `GET /api/orders`.
    /// - Caller IP: see ``callerIP(_:properties:category:)``.
    /// - Level: `level` through ``AzureLevel/init(levelText:)``, then `Severity` through
    ///   ``AzureLevel/init(severityText:)``, else `Informational`. A value that does not map counts as absent.
    ///
    /// Keys match case-insensitively, and `{"value": ...}` objects count as their `value`. Empty strings
    /// count as absent. `properties` may be an object or JSON text in a string, and is only read when a rule
    /// needs it. `scannedProperties` are its members when the record scan listed them.
    init(_ record: borrowing RecordView, scannedProperties: ScannedProperties = ScannedProperties()) {
        var properties = LazyProperties(scanned: scannedProperties)

        if record.text(of: .alertType) != nil {
            category = "SecurityAlert"
        } else {
            category = record.firstText(of: RecordField.categoryAliases)
            // The length check skips lower-casing, which allocates, for the usual longer categories.
            if let current = category, current.utf8.count <= 6,
               ["write", "delete", "action"].contains(current.lowercased()),
               let eventCategory = properties.fields(of: record).text(of: .eventCategory) {
                category = eventCategory
            }
        }

        resourceId = record.firstLowercasedText(of: RecordField.resourceIdAliases)

        operation = record.firstContentText(of: RecordField.operationAliases)
        if operation == nil, let method = properties.fields(of: record).text(of: .csMethod),
           let uriStem = properties.fields(of: record).text(of: .csUriStem) {
            operation = .string(method + " " + uriStem)
        }

        callerIP = Self.callerIP(record, properties: &properties, category: category)

        if let text = record.text(of: .level), let mapped = AzureLevel(levelText: text) {
            level = mapped
        } else if let text = record.text(of: .severity), let mapped = AzureLevel(severityText: text) {
            level = mapped
        } else {
            level = .informational
        }
    }

    /// Returns the first address found, with any port removed and empty text skipped. The sources, in order:
    /// - `callerIpAddress`
    /// - `properties.CIp` (App Service) and `properties.SourceIp` (structured Azure Firewall)
    /// - the address after "from " in `properties.msg`, only when the category starts with `AzureFirewall`
    ///   (legacy firewall logs)
    /// - `sourceIPs[0]` of the audit event stored as JSON text in `properties.log` (AKS kube-audit)
    /// - `httpRequest.clientIpAddress` (Activity Log REST shape)
    /// - the `Client IP address` member of `ExtendedProperties` (Defender for Cloud alerts)
    private static func callerIP(
        _ record: borrowing RecordView, properties: inout LazyProperties, category: String?
    ) -> String? {
        if let text = record.text(of: .callerIpAddress), let address = CallerIPAddress.normalized(text) {
            return address
        }

        let nested = properties.fields(of: record)
        if let address = nested.text(of: .clientIP).flatMap(CallerIPAddress.normalized) {
            return address
        }
        if let address = nested.text(of: .sourceIP).flatMap(CallerIPAddress.normalized) {
            return address
        }
        let isFirewall = category.map { hasLowercasedPrefix($0, "azurefirewall") } ?? false
        if isFirewall, let address = nested.text(of: .message).flatMap(CallerIPAddress.firewallMessageSource) {
            return address
        }
        if let address = nested.text(of: .log).flatMap(Self.auditEventSourceIP).flatMap(CallerIPAddress.normalized) {
            return address
        }

        if let address = memberText(record, of: .httpRequest, named: "clientipaddress")
            .flatMap(CallerIPAddress.normalized) {
            return address
        }
        return memberText(record, of: .extendedProperties, named: "client ip address")
            .flatMap(CallerIPAddress.normalized)
    }

    /// Returns `text.lowercased().hasPrefix(prefix)` for a `prefix` of lower-case ASCII letters, without building
    /// the lower-cased copy in the usual case.
    ///
    /// The bytes are compared with ASCII letters folded. The result is the same unless a non-ASCII character
    /// follows the matched bytes. A combining mark there, as in `AzureFirewall\u{301}...`, changes the last
    /// character, so `hasPrefix` rejects it. That rare case takes the `lowercased()` path.
    private static func hasLowercasedPrefix(_ text: String, _ prefix: StaticString) -> Bool {
        let prefixBytes = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        guard text.utf8.count >= prefixBytes.count else {
            return false
        }
        var copy = text
        let bytesMatch: Bool? = copy.withUTF8 { bytes in
            var index = 0
            while index < prefixBytes.count {
                if ASCII.lowercased(bytes[index]) != prefixBytes[index] {
                    return false
                }
                index += 1
            }
            return bytes.count > index && bytes[index] >= 0x80 ? nil : true
        }
        return bytesMatch ?? text.lowercased().hasPrefix(String(decoding: prefixBytes, as: UTF8.self))
    }

    /// Returns `sourceIPs[0]` of a Kubernetes audit event (audit.k8s.io/v1 `Event`) given as JSON text.
    private static func auditEventSourceIP(_ eventText: String) -> String? {
        var text = eventText
        return text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count && ASCII.isWhitespace(bytes[start]) {
                start += 1
            }
            guard start < bytes.count, bytes[start] == ASCII.openBrace,
                  let found = JSONObjectLookup.memberValues(
                      in: bytes, objectStart: start, lowercasedNames: [Array("sourceips".utf8)]),
                  let array = found[0], array.kind == .array,
                  let first = JSONObjectLookup.firstElement(in: bytes, arrayStart: array.start)
            else { return nil }
            return FieldText.scalarText(first, in: bytes)
        }
    }

    /// Returns the text of one member of a top-level object field, such as `httpRequest.clientIpAddress`.
    private static func memberText(_ record: borrowing RecordView, of field: RecordField, named lowercasedName: String) -> String? {
        guard let span = record.span(of: field), span.kind == .object,
              let texts = FieldText.memberTexts(
                  inValidated: record.bytes, objectStart: span.start, lowercasedNames: [Array(lowercasedName.utf8)])
        else { return nil }
        return texts[0]
    }
}

/// The members of a record's `properties` that the derived-field rules read. One pass finds them all, and a member
/// becomes text only when a rule reads it.
struct PropertiesFields {
    /// The members, in the order of ``lowercasedNames``.
    enum Member: Int {
        case clientIP, sourceIP, message, log, csMethod, csUriStem, eventCategory
    }

    /// Member names at the raw values of ``Member``, lower-cased.
    private static let lowercasedNames: [[UInt8]] = [
        "cip", "sourceip", "msg", "log", "csmethod", "csuristem", "eventcategory",
    ].map { Array($0.utf8) }

    /// The value span of each member, or nil for a missing one; empty when there are no members.
    private var spans: [JSONValueSpan?] = []
    /// The JSON text the spans index when `properties` is a string; nil when they index the record's bytes.
    private var jsonText: [UInt8]?
    private let recordBytes: UnsafeBufferPointer<UInt8>

    /// Finds the members in a `properties` object, or in JSON object text in a `properties` string. Anything
    /// else, or a string that is not a JSON object, gives no members. When `scanned` lists the members of the
    /// record's `properties` object, they are looked up there instead of walking the object again.
    init(_ record: borrowing RecordView, scanned: borrowing ScannedProperties) {
        recordBytes = record.bytes
        guard let span = record.span(of: .properties) else {
            return
        }

        switch span.kind {
        case .object:
            if let members = scanned.members(ofObjectAt: span.start) {
                spans = Self.lookUp(members, in: record.bytes)
            } else {
                spans = ValidatedJSON.memberValues(
                    in: record.bytes, objectStart: span.start, lowercasedNames: Self.lowercasedNames
                ) ?? []
            }
        case .string:
            guard let text = record.text(of: .properties) else {
                return
            }
            // The string's text was not scanned as JSON, so the look-up checks it.
            let bytes = Array(text.utf8)
            spans = bytes.withUnsafeBufferPointer { buffer in
                var start = 0
                while start < buffer.count && ASCII.isWhitespace(buffer[start]) {
                    start += 1
                }
                guard start < buffer.count, buffer[start] == ASCII.openBrace else {
                    return []
                }
                return JSONObjectLookup.memberValues(in: buffer, objectStart: start, lowercasedNames: Self.lowercasedNames) ?? []
            }
            jsonText = bytes
        default:
            return
        }
    }

    /// Returns the value span of the first member that matches each name, as
    /// ``ValidatedJSON/memberValues(in:objectStart:lowercasedNames:)`` does when it walks the object.
    static func lookUp(_ members: [JSONMember], in bytes: UnsafeBufferPointer<UInt8>) -> [JSONValueSpan?] {
        var found = [JSONValueSpan?](repeating: nil, count: lowercasedNames.count)
        for member in members {
            let index: Int?
            if member.key.needsRewrite {
                index = JSONText.indexOfName(matching: member.key, in: bytes, names: lowercasedNames)
            } else {
                index = Self.indexOfName(UnsafeBufferPointer(rebasing: bytes[(member.key.start + 1)..<(member.key.end - 1)]))
            }
            if let index, found[index] == nil {
                found[index] = member.value
            }
        }
        return found
    }

    /// Returns the index in ``lowercasedNames`` of the name that `key` equals with ASCII letters compared
    /// case-insensitively, or nil. No two names share both their length and their first letter, so those two pick
    /// the one name to compare. A `properties` object has tens of members, and most match no name.
    private static func indexOfName(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        guard key.count >= 3 else {
            return nil
        }
        let member: Member?
        switch (key.count, ASCII.lowercased(key[0])) {
        case (3, UInt8(ascii: "c")): member = .clientIP
        case (3, UInt8(ascii: "m")): member = .message
        case (3, UInt8(ascii: "l")): member = .log
        case (8, UInt8(ascii: "s")): member = .sourceIP
        case (8, UInt8(ascii: "c")): member = .csMethod
        case (9, UInt8(ascii: "c")): member = .csUriStem
        case (13, UInt8(ascii: "e")): member = .eventCategory
        default: member = nil
        }
        guard let member, ASCII.equalsIgnoringCase(key, lowercasedNames[member.rawValue]) else {
            return nil
        }
        return member.rawValue
    }

    /// Returns the same members, found by walking the `properties` object at `objectStart`. Tests compare the
    /// result with ``lookUp(_:in:)``.
    static func walk(_ bytes: UnsafeBufferPointer<UInt8>, objectStart: Int) -> [JSONValueSpan?]? {
        ValidatedJSON.memberValues(in: bytes, objectStart: objectStart, lowercasedNames: lowercasedNames)
    }

    /// Returns the text of a member (see ``FieldText/scalarText(_:in:)``), or nil when it is missing or has none.
    func text(of member: Member) -> String? {
        guard member.rawValue < spans.count, let span = spans[member.rawValue] else {
            return nil
        }
        guard let jsonText else {
            return FieldText.scalarText(span, in: recordBytes)
        }
        return jsonText.withUnsafeBufferPointer { FieldText.scalarText(span, in: $0) }
    }
}

/// ``PropertiesFields`` read on first use, because most records never need them.
///
/// It does not keep the record: a copy of a ``RecordView`` retains each of its arrays, which cost more per record
/// than the look-ups it saves.
private struct LazyProperties {
    private var cached: PropertiesFields?
    /// The members the record scan listed, if any.
    let scanned: ScannedProperties

    init(scanned: ScannedProperties) {
        self.scanned = scanned
    }

    /// Returns the fields of `record`, found on the first call. Every call must pass the same record.
    mutating func fields(of record: borrowing RecordView) -> PropertiesFields {
        if let cached {
            return cached
        }
        let fields = PropertiesFields(record, scanned: scanned)
        cached = fields
        return fields
    }
}
