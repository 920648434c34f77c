import BenchmarkCorpus
import Testing
@testable import AzureLogs

/// Checks the fast navigation of validated JSON against the validating look-ups it replaces.
@Suite struct ValidatedJSONTests {
    private static let names: [[UInt8]] = ["value", "cip", "msg", "log", "sourceip", "clientipaddress", "name", "k"]
        .map { Array($0.utf8) }

    /// Returns the member look-up of both implementations for the object that starts at `objectStart`.
    private func lookups(
        _ bytes: UnsafeBufferPointer<UInt8>, objectStart: Int
    ) -> (validating: [JSONValueSpan?]?, fast: [JSONValueSpan?]?) {
        (JSONObjectLookup.memberValues(in: bytes, objectStart: objectStart, lowercasedNames: Self.names),
         ValidatedJSON.memberValues(in: bytes, objectStart: objectStart, lowercasedNames: Self.names))
    }

    @Test(arguments: [
        #"{}"#,
        #"{ }"#,
        #"{"value":"a"}"#,
        #"{"Value" : 1.5e3 , "name":true,"k":null}"#,
        #"{"cip":"192.0.2.1","CIP":"ignored"}"#,
        #"{"m\u0073g":"escaped key","msg":"second"}"#,
        #"{"log":"{\"sourceIPs\":[\"10.0.0.1\"]}","x":[1,{"y":"}"}],"k":[ ]}"#,
        #"{"value":{"inner":"a\"b\\"},"name":-0.5}"#,
        #"{"k":"ü€𝄞","value":[{"a":[[]]},"]"]}"#,
        "{\n  \"value\" :\t\"spaced\"\r\n}",
    ])
    func memberValuesMatchValidatingLookup(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            let (validating, fast) = lookups(buffer, objectStart: 0)
            #expect(validating != nil)
            #expect(fast == validating)
        }
    }

    @Test func memberValuesRejectNonObject() {
        let bytes = Array(#"["value",1]"#.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            #expect(ValidatedJSON.memberValues(in: buffer, objectStart: 0, lowercasedNames: Self.names) == nil)
        }
    }

    @Test(arguments: [#"{"value":"#, #"{"value":"open"#, #"{"value":{"a":1"#, #"{"value" 1}"#, #"{"a":1 "b":2}"#])
    func memberValuesStopSafelyOnTruncatedText(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            #expect(ValidatedJSON.memberValues(in: buffer, objectStart: 0, lowercasedNames: Self.names) == nil)
        }
    }

    /// Every object value of every generated record, looked up both ways.
    @Test func memberValuesMatchOnGeneratedRecords() throws {
        let corpus = Corpus.generate(seed: 7, targetBytes: 400_000)
        var objectsCompared = 0
        for message in corpus.messages {
            message.value.withUnsafeBufferPointer { buffer in
                for start in buffer.indices where buffer[start] == ASCII.openBrace {
                    let (validating, fast) = lookups(buffer, objectStart: start)
                    // A `{` inside a string starts no object, so the validating look-up may fail there.
                    guard let validating else { continue }
                    #expect(fast == validating)
                    objectsCompared += 1
                }
            }
        }
        #expect(objectsCompared > 1_000)
    }
}
