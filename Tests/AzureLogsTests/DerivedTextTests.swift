import Testing
@testable import AzureLogs
import Core

/// Derived values copied from the packed contents of their own entry.
@Suite struct DerivedTextTests {
    @Test(arguments: [false, true])
    func copyReadsValueAfterGrowth(lowercased: Bool) {
        // 64 bytes hold the first content but not a copy of it, so appending the copy grows the buffer first.
        let contents = LogContentsBuffer(capacity: 64)
        let value = Array("/SUBSCRIPTIONS/X/RESOURCEGROUPS/RG-EXAMPLE".utf8)
        let key = Array("resourceId".utf8)
        let range = key.withUnsafeBufferPointer { keyBytes in
            value.withUnsafeBufferPointer { contents.append(key: keyBytes, value: $0) }
        }
        #expect(contents.byteCount + range.count > 64)

        DerivedText.contents(range, lowercased: lowercased).append(key: "ehb_resource_id", to: contents)

        let expected = String(decoding: value, as: UTF8.self)
        #expect(contents.contents == [
            LogContent("resourceId", expected),
            LogContent("ehb_resource_id", lowercased ? expected.lowercased() : expected),
        ])
    }

    @Test func materializedReadsRecordContents() {
        let contents = LogContentsBuffer()
        let range = Array("operationName".utf8).withUnsafeBufferPointer { keyBytes in
            Array("Microsoft.Web/sites/write".utf8).withUnsafeBufferPointer { contents.append(key: keyBytes, value: $0) }
        }

        #expect(DerivedText.contents(range, lowercased: false).materialized(in: contents) == .string("Microsoft.Web/sites/write"))
        #expect(DerivedText.contents(range, lowercased: true).materialized(in: contents) == .string("microsoft.web/sites/write"))
        #expect(DerivedText.string("GET /x").materialized(in: contents) == .string("GET /x"))
    }
}
