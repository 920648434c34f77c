import Testing
@testable import Core

@Suite struct SecretRedactorTests {
    @Test func redactsRegisteredSecret() {
        let redactor = SecretRedactor()
        redactor.register("very-secret-value-123")
        let output = redactor.redact("connecting with very-secret-value-123 now")
        #expect(output == "connecting with <redacted> now")
    }

    @Test func redactsSharedAccessKeyPattern() {
        let redactor = SecretRedactor()
        let text = "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=AAAA0000bbbb=;EntityPath=hub"
        let output = redactor.redact(text)
        #expect(!output.contains("AAAA0000bbbb="))
        #expect(output.contains("SharedAccessKeyName=listen"))
        #expect(output.contains("SharedAccessKey=<redacted>;EntityPath=hub"))
    }

    @Test func keepsPlaceholderBeforeSentenceEnd() {
        let redactor = SecretRedactor()

        #expect(redactor.redact("Write SharedAccessKey=<key>. Then") == "Write SharedAccessKey=<key>. Then")
        #expect(redactor.redact("(SharedAccessKey=<key>). Then") == "(SharedAccessKey=<key>). Then")
        #expect(redactor.redact("SharedAccessKey=<key>x.") == "SharedAccessKey=<redacted>")
        #expect(redactor.redact("SharedAccessKey=AAAA0000bbbb=.") == "SharedAccessKey=<redacted>")
    }

    @Test func bracketedSecretIsNoPlaceholder() {
        let redactor = SecretRedactor()

        #expect(!redactor.redact("sasl.password=<Xk9#q>).").contains("Xk9#q"))
        #expect(!redactor.redact("SharedAccessKey=<k3y+S3cret=>.").contains("k3y+S3cret"))
        #expect(!redactor.redact("password: <pa>ss>)").contains("pa>ss"))
        #expect(redactor.redact("SharedAccessKey=<access_key>.") == "SharedAccessKey=<access_key>.")
    }

    @Test func redactsSasTokenSignature() {
        let redactor = SecretRedactor()
        let output = redactor.redact("SharedAccessSignature sr=x&sig=abcDEF123%3D&se=1700000000&skn=listen")
        #expect(!output.contains("abcDEF123"))
        #expect(output.contains("se=1700000000"))
    }

    @Test func ignoresShortValues() {
        let redactor = SecretRedactor()
        redactor.register("ab")
        #expect(redactor.redact("abc ab") == "abc ab")
    }

    @Test func secretDescriptionIsPlaceholder() {
        let secret = Secret("another-secret-value")
        #expect("\(secret)" == "<redacted>")
        #expect(secret.revealed() == "another-secret-value")
        #expect(SecretRedactor.shared.redact("x another-secret-value y") == "x <redacted> y")
    }
}

@Suite struct SecretReflectionTests {
    @Test func dumpDoesNotShowValue() {
        let secret = Secret("value-hidden-from-dump")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains("value-hidden-from-dump"))
    }
}
