import Kafka
import Testing

@Suite("KafkaLibrary")
struct KafkaLibraryTests {
    @Test func versionIsDotted() {
        let parts = KafkaLibrary.version.split(separator: ".")

        #expect(parts.count >= 3)
        #expect(parts.allSatisfy { part in Int(part.prefix { $0.isNumber }) != nil })
    }

    @Test func builtinFeaturesIncludeTLSAndSASL() {
        let features = KafkaLibrary.builtinFeatures

        #expect(features.contains("ssl"))
        #expect(features.contains("sasl_plain"))
        #expect(features.allSatisfy { !$0.isEmpty })
        #expect(features.allSatisfy { !$0.contains(" ") })
    }

    @Test func missingFeaturesKeepsOrder() {
        let missing = KafkaLibrary.missingFeatures(["no_such_feature", "ssl", "another_missing_one"])

        #expect(missing == ["no_such_feature", "another_missing_one"])
    }
}
