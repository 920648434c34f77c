import Testing
@testable import AzureLogs

/// `RecordField.matching`, which picks a candidate by key length and first letter, against a plain comparison
/// with every field's name.
@Suite struct RecordFieldTests {
    /// Returns the field whose lower-cased name equals `key` lower-cased, by comparing it with every name.
    private static func reference(_ key: [UInt8]) -> RecordField? {
        let lowered = key.map(ASCII.lowercased)
        return RecordField.allCases.first { field in
            let name = field.lowercasedName
            return Array(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)) == lowered
        }
    }

    private static func matching(_ key: [UInt8]) -> RecordField? {
        key.withUnsafeBufferPointer { RecordField.matching($0) }
    }

    @Test func matchingFindsEveryNameInAnyCase() {
        for field in RecordField.allCases {
            let name = "\(field.lowercasedName)"
            #expect(Self.matching(Array(name.utf8)) == field, "\(name)")
            #expect(Self.matching(Array(name.uppercased().utf8)) == field, "\(name.uppercased())")
            // Azure's own spelling, such as `resourceId` and `callerIpAddress`, mixes the two.
            let mixed = name.enumerated().map { $0.offset.isMultiple(of: 2) ? $0.element.uppercased() : "\($0.element)" }
            #expect(Self.matching(Array(mixed.joined().utf8)) == field, "\(mixed.joined())")
        }
    }

    @Test func matchingRejectsOneByteChanges() {
        for field in RecordField.allCases {
            let name = Array("\(field.lowercasedName)".utf8)
            for index in name.indices {
                var key = name
                key[index] = key[index] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
                #expect(Self.matching(key) == Self.reference(key), "\(String(decoding: key, as: UTF8.self))")
                #expect(Self.matching(key) == nil)
            }
            #expect(Self.matching(Array(name.dropLast())) == nil)
            #expect(Self.matching(name + [UInt8(ascii: "s")]) == nil)
        }
    }

    @Test(arguments: [
        "", "t", "tim", "Time ", "time\u{0}", "levels", "Category", "SEVERITY", "caller_ip", "properties2",
        "résourceid", "_ResourceId", "__resourceid", "operationNameValue", "OperationNameValues", "correlationId",
        "durationMs", "identity", "tenantId", "resultType", "resultSignature", "Κategory",
    ])
    func matchingAgreesWithReference(key: String) {
        let bytes = Array(key.utf8)
        #expect(Self.matching(bytes) == Self.reference(bytes))
    }
}
