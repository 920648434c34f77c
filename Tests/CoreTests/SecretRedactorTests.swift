import Testing
@testable import Core

@Suite struct SecretRedactorTests {
    @Test func redactsRegisteredSecret() {
        let redactor = SecretRedactor()
        redactor.register("very-secret-value-123")
        let output = redactor.redact("connecting with very-secret-value-123 now")
        #expect(output == "connecting with <redacted> now")
    }

    @Test func rotatingSecretKeepsRecentValues() {
        let redactor = SecretRedactor()
        let tokens = (0..<10).map { "sts-token-generation-\($0)-9f3e2a1b7c" }
        for token in tokens {
            redactor.register(token, rotation: "credentials file /run/sts.json SecurityToken")
        }

        #expect(redactor.registeredCount == SecretRedactor.keptRotatingValues)
        for token in tokens.suffix(SecretRedactor.keptRotatingValues) {
            #expect(redactor.redact("token \(token) sent") == "token <redacted> sent")
        }
        #expect(redactor.redact("old \(tokens[0])").contains(tokens[0]), "the oldest generations are forgotten")
    }

    @Test func rotationKeepsValueStillRegisteredElsewhere() {
        let redactor = SecretRedactor()
        redactor.register("shared-value-of-both-4c1d")
        redactor.register("shared-value-of-both-4c1d", rotation: "file")
        for generation in 0..<SecretRedactor.keptRotatingValues {
            redactor.register("later-token-\(generation)-8b2e", rotation: "file")
        }

        #expect(redactor.redact("shared-value-of-both-4c1d") == "<redacted>")
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

    @Test func redactsCopyCutAtExcerptEnd() {
        let redactor = SecretRedactor()
        let token = "CAISLEAKTOKEN" + String(repeating: "T", count: 300)
        redactor.register(token)
        let cut = "invalid security token " + token.prefix(12)

        #expect(redactor.redact(cut + "…") == "invalid security token <redacted>…")
        #expect(redactor.redact(cut + "…; Fix: check the token") == "invalid security token <redacted>…; Fix: check the token")
        #expect(redactor.redact(cut + "... more") == "invalid security token <redacted>... more")
        #expect(redactor.redact(cut + " more") == cut + " more")
        #expect(redactor.redact("invalid security token " + token.prefix(150) + " more") == "invalid security token <redacted> more")
    }

    @Test func redactsLongPartialCopyFollowedByText() {
        let redactor = SecretRedactor()
        redactor.register("0123456789abcdefghijklmnopqrstuvwxyz")

        #expect(redactor.redact("key 0123456789abcdefghijklmn(cut) end") == "key <redacted>(cut) end")
    }

    @Test func keepsShortSharedStartInOtherText() {
        let redactor = SecretRedactor()
        redactor.register("demo-access-key-secret-local-only")

        #expect(redactor.redact("access_key_id: demo-access-key-id") == "access_key_id: demo-access-key-id")
        #expect(redactor.redact("prefix demo-acc in the middle") == "prefix demo-acc in the middle")
        #expect(redactor.redact("group=demo-access") == "group=demo-access")
    }

    @Test func redactsEncodedForms() {
        let redactor = SecretRedactor()
        redactor.register("CAIS/abc+def/ghi+jkl==")
        redactor.register("pa\"ss\\word-42")

        #expect(redactor.redact(#"{"message":"invalid token CAIS\/abc+def\/ghi+jkl=="}"#) == #"{"message":"invalid token <redacted>"}"#)
        #expect(redactor.redact("token=CAIS%2Fabc%2Bdef%2Fghi%2Bjkl%3D%3D&x=1") == "token=<redacted>&x=1")
        #expect(redactor.redact(#"error="bad pa\"ss\\word-42 given""#) == #"error="bad <redacted> given""#)
    }

    @Test func redactsQuotedCredentialKeys() {
        let redactor = SecretRedactor()

        let output = redactor.redact(#"{"x-acs-security-token": "unregistered-token-value", "x-log-apiversion": "0.6.0"}"#)
        #expect(output == #"{"x-acs-security-token": "<redacted>", "x-log-apiversion": "0.6.0"}"#)
        #expect(redactor.redact("'password': 'hunter2-value'") == "'password': '<redacted>'")
    }

    @Test func nonASCIILettersKeepCredentialPatternRules() {
        let redactor = SecretRedactor()

        let output = redactor.redact("İstek reddedildi, \u{212A}elvin Å. x-acs-security-token: unregistered-token-value")
        #expect(output == "İstek reddedildi, \u{212A}elvin Å. x-acs-security-token: <redacted>")
    }

    @Test func redactsPiecesFromAnywhereInSecret() {
        let redactor = SecretRedactor()
        let token = "CAISTOKEN/" + String((0..<120).map { Character(UnicodeScalar(UInt8(65 + $0 % 26))) }) + "+end=="
        redactor.register(token)

        let tail = String(token.suffix(60))
        let middle = String(token.dropFirst(30).prefix(40))
        #expect(redactor.redact("bad key " + tail + " here") == "bad key <redacted> here")
        #expect(redactor.redact("key [" + middle + "]") == "key [<redacted>]")
        #expect(redactor.redact("denied ..." + token.suffix(12)) == "denied ...<redacted>")
        #expect(!redactor.redact("first=" + token.prefix(30) + " rest=" + token.dropFirst(30)).contains(String(token.dropFirst(30).prefix(24))))
    }

    @Test func redactsEscapedAndEntityForms() {
        let redactor = SecretRedactor()
        redactor.register("CAIS/abc+def/ghi+jkl/mno==")

        #expect(redactor.redact(#"token CAIS\u002Fabc\u002Bdef\u002Fghi+jkl\/mno\u003D="#) == "token <redacted>")
        #expect(redactor.redact("t=CAIS%2fabc%2bdef%2fghi%2bjkl%2fmno%3d%3d&x=1") == "t=<redacted>&x=1")
        #expect(redactor.redact("t=CAIS/abc%2Bdef/ghi%2Bjkl/mno%3D%3D") == "t=<redacted>")
        #expect(redactor.redact("<b>CAIS&#x2F;abc&#43;def&#x2F;ghi+jkl/mno&#61;=</b>") == "<b><redacted></b>")
    }

    @Test func redactsSecretGivenWithSpaces() {
        let redactor = SecretRedactor()
        redactor.register("  spaced-secret-value-7781 ")

        #expect(redactor.redact("echo:spaced-secret-value-7781.") == "echo:<redacted>.")
    }

    @Test func keepsTextWithoutSecretPieces() {
        let redactor = SecretRedactor()
        redactor.register("demo-access-key-secret-local-only")

        let text = #"50% done, a\nb &amp; c, key demo-access-key-id, path C:\temp"#
        #expect(redactor.redact(text) == text)
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
