import Testing
@testable import SLS

@Suite struct DigestTests {
    @Test func md5OfPutLogsExampleBody() {
        let block = WireTestData.bytes(hex: WireTestData.exampleLZ4BlockHex)

        #expect(Digest.md5HexUppercase(block) == "0DEDBC6304AD57E98EEF4DFD43735CD2")
    }

    @Test func md5OfEmptyInput() {
        #expect(Digest.md5HexUppercase([]) == "D41D8CD98F00B204E9800998ECF8427E")
    }

    @Test func sha256OfEmptyInputIsEmptyPayloadHash() {
        #expect(Digest.sha256HexLowercase([]) == SignatureV4.emptyPayloadHash)
    }

    @Test func sha256OfGoV4TestBody() {
        let hash = Digest.sha256HexLowercase(Array("adasd= -asd zcas".utf8))

        #expect(hash == "c7a4fd95f1d70933caf91641e8000768cea86100dc5649fd4f16fead718a62e4")
    }

    @Test func hmacSHA1MatchesRFC2202() {
        let mac = Digest.hmacSHA1(key: [UInt8](repeating: 0x0B, count: 20), message: Array("Hi There".utf8))

        #expect(Digest.hex(mac, uppercase: false) == "b617318655057264e28bc0b6fb378c8ef146be00")
    }

    @Test func hmacSHA256MatchesRFC4231() {
        let mac = Digest.hmacSHA256(key: [UInt8](repeating: 0x0B, count: 20), message: Array("Hi There".utf8))

        #expect(Digest.hex(mac, uppercase: false) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    @Test func hmacWithEmptyKeyAndMessage() {
        // RFC 2104 pads an empty key with zeros; Python's hmac.new(b"", b"", "sha1") gives the same value.
        let mac = Digest.hmacSHA1(key: [], message: [])

        #expect(Digest.hex(mac, uppercase: false) == "fbdb1d1b18aa6c08324b7d64b71fb76370690e1d")
    }

    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ])
    func base64MatchesRFC4648(input: String, expected: String) {
        #expect(Digest.base64(Array(input.utf8)) == expected)
    }

    @Test func base64UsesStandardAlphabet() {
        #expect(Digest.base64([0xFB, 0xFF, 0xBF]) == "+/+/")
    }

    @Test func base64AcrossChunkBoundary() {
        let chunk = 3 * 1024 * 1024
        let bytes = (0..<(chunk + 5)).map { UInt8(truncatingIfNeeded: $0 &* 31) }

        let encoded = Digest.base64(bytes)

        #expect(encoded.utf8.count == (bytes.count + 2) / 3 * 4)
        #expect(encoded == Digest.base64(Array(bytes[..<chunk])) + Digest.base64(Array(bytes[chunk...])))
    }
}
