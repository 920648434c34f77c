import Core
import Testing
@testable import SLS

@Suite struct SLSCompressorTests {
    private static let sampleBody = LogGroupEncoder.encode(WireTestData.auditLogGroup(count: 200))

    // MARK: Round trips

    @Test(arguments: SLSCompression.allCases)
    func roundTripRestoresBody(compression: SLSCompression) throws {
        let compressed = try SLSCompressor.compress(Self.sampleBody, using: compression)

        let restored = try SLSCompressor.decompress(compressed, using: compression, rawSize: Self.sampleBody.count)

        #expect(restored == Self.sampleBody)
        if compression != .none {
            #expect(compressed.count < Self.sampleBody.count)
        }
    }

    @Test(arguments: SLSCompression.allCases)
    func roundTripEmptyBody(compression: SLSCompression) throws {
        let compressed = try SLSCompressor.compress([], using: compression)

        let restored = try SLSCompressor.decompress(compressed, using: compression, rawSize: 0)

        #expect(restored.isEmpty)
    }

    @Test(arguments: SLSCompression.allCases)
    func roundTripIncompressibleBody(compression: SLSCompression) throws {
        var generator = SplitMix64(seed: 42)
        let random = (0..<10_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }

        let compressed = try SLSCompressor.compress(random, using: compression)
        let restored = try SLSCompressor.decompress(compressed, using: compression, rawSize: random.count)

        #expect(restored == random)
    }

    @Test func lz4DecodesLiteralOnlyBlock() throws {
        let block = WireTestData.bytes(hex: WireTestData.exampleLZ4BlockHex)

        let raw = try SLSCompressor.decompress(block, using: .lz4, rawSize: 50)

        #expect(block.count == 52)
        #expect(WireTestData.hex(raw) == WireTestData.exampleLogGroupHex)
    }

    @Test func lz4OutputIsRawBlockWithoutSizePrefix() throws {
        let compressed = try SLSCompressor.compress(WireTestData.bytes(hex: WireTestData.exampleLogGroupHex), using: .lz4)

        // A raw block of 50 incompressible bytes starts with the literal-length token 0xF_. A 4-byte size
        // prefix, which Python's lz4.block.compress adds by default, would start with 32 00 00 00.
        #expect(compressed.first.map { $0 >> 4 } == 0x0F)
    }

    @Test func zlibStreamHasRFC1950Header() throws {
        let compressed = try SLSCompressor.compress(Self.sampleBody, using: .deflate)

        // CMF 0x78 (deflate, 32 KiB window); CMF * 256 + FLG is a multiple of 31.
        #expect(compressed.first == 0x78)
        #expect((Int(compressed[0]) * 256 + Int(compressed[1])) % 31 == 0)
    }

    @Test func zstdOutputStartsWithFrameMagic() throws {
        let compressed = try SLSCompressor.compress(Self.sampleBody, using: .zstd)

        #expect(Array(compressed.prefix(4)) == [0x28, 0xB5, 0x2F, 0xFD])
    }

    // MARK: Size checks

    @Test(arguments: SLSCompression.allCases)
    func decompressRejectsRawSizeAboveOutput(compression: SLSCompression) throws {
        let compressed = try SLSCompressor.compress(Self.sampleBody, using: compression)
        let declared = Self.sampleBody.count + 1

        let error = decompressError(compressed, compression, rawSize: declared)

        #expect(error?.compression == compression)
        #expect(error?.reason == .sizeMismatch(rawSize: declared, actual: Self.sampleBody.count))
    }

    @Test(arguments: [SLSCompression.none, .zstd, .deflate])
    func decompressRejectsOutputAboveRawSize(compression: SLSCompression) throws {
        let compressed = try SLSCompressor.compress(Self.sampleBody, using: compression)
        let declared = Self.sampleBody.count - 1

        let error = decompressError(compressed, compression, rawSize: declared)

        #expect(error?.reason == .outputExceedsRawSize(rawSize: declared))
    }

    @Test func lz4RejectsOutputAboveRawSize() throws {
        let compressed = try SLSCompressor.compress(Self.sampleBody, using: .lz4)

        let error = decompressError(compressed, .lz4, rawSize: Self.sampleBody.count - 1)

        // liblz4 reports a block that needs more room and a malformed block with the same result code.
        guard case .corruptInput = error?.reason else {
            Issue.record("expected corruptInput, got \(String(describing: error))")
            return
        }
    }

    @Test(arguments: SLSCompression.allCases)
    func decompressRejectsNegativeRawSize(compression: SLSCompression) {
        let error = decompressError([0x00], compression, rawSize: -1)

        #expect(error == SLSCompressionError(compression: compression, reason: .invalidRawSize(-1)))
    }

    // MARK: Corrupt input

    @Test func lz4RejectsTruncatedBlock() {
        let block = WireTestData.bytes(hex: WireTestData.exampleLZ4BlockHex).dropLast()

        let error = decompressError(Array(block), .lz4, rawSize: 50)

        #expect(error?.compression == .lz4)
        #expect(isCorruptInput(error))
    }

    @Test func lz4RejectsMatchBeforeStartOfOutput() {
        // Token 0x10: one literal, then a match with offset 5 although only 1 byte has been written.
        let error = decompressError([0x10, 0x41, 0x05, 0x00, 0x50, 0x41, 0x41, 0x41, 0x41, 0x41], .lz4, rawSize: 64)

        #expect(isCorruptInput(error))
    }

    @Test func zstdRejectsBytesThatAreNotAFrame() {
        let error = decompressError(Array("not a zstd frame".utf8), .zstd, rawSize: 16)

        #expect(isCorruptInput(error))
    }

    @Test func zstdRejectsTruncatedFrame() throws {
        let compressed = try SLSCompressor.compress(Self.sampleBody, using: .zstd)

        let error = decompressError(Array(compressed.dropLast(5)), .zstd, rawSize: Self.sampleBody.count)

        #expect(isCorruptInput(error))
    }

    @Test func zstdRejectsTrailingGarbage() throws {
        let compressed = try SLSCompressor.compress(Self.sampleBody, using: .zstd)

        let error = decompressError(compressed + [0x01, 0x02, 0x03], .zstd, rawSize: Self.sampleBody.count)

        #expect(isCorruptInput(error))
    }

    @Test func deflateRejectsTruncatedStream() throws {
        let compressed = try SLSCompressor.compress(Self.sampleBody, using: .deflate)

        let error = decompressError(Array(compressed.dropLast(10)), .deflate, rawSize: Self.sampleBody.count)

        #expect(isCorruptInput(error))
    }

    @Test func deflateRejectsMissingChecksum() throws {
        let compressed = try SLSCompressor.compress(Self.sampleBody, using: .deflate)

        // Without its 4-byte Adler-32 trailer the stream yields every byte but never ends.
        let error = decompressError(Array(compressed.dropLast(4)), .deflate, rawSize: Self.sampleBody.count)

        #expect(isCorruptInput(error))
    }

    @Test func deflateRejectsCorruptChecksum() throws {
        var compressed = try SLSCompressor.compress(Self.sampleBody, using: .deflate)
        compressed[compressed.count - 1] ^= 0xFF

        let error = decompressError(compressed, .deflate, rawSize: Self.sampleBody.count)

        #expect(isCorruptInput(error))
    }

    @Test func deflateRejectsTrailingBytes() throws {
        let compressed = try SLSCompressor.compress(Self.sampleBody, using: .deflate)

        let error = decompressError(compressed + [0x00, 0x00], .deflate, rawSize: Self.sampleBody.count)

        #expect(error?.reason == .corruptInput(detail: "2 bytes follow the end of the zlib stream"))
    }

    @Test func deflateRejectsRawDeflateWithoutZlibHeader() {
        // A stored (uncompressed) raw deflate block of "abc", without the RFC 1950 header and trailer.
        let error = decompressError([0x01, 0x03, 0x00, 0xFC, 0xFF, 0x61, 0x62, 0x63], .deflate, rawSize: 3)

        #expect(isCorruptInput(error))
    }

    // MARK: Header values

    @Test func headerValueIsNilOnlyForNone() {
        #expect(SLSCompression.none.headerValue == nil)
        #expect(SLSCompression.lz4.headerValue == "lz4")
        #expect(SLSCompression.zstd.headerValue == "zstd")
        #expect(SLSCompression.deflate.headerValue == "deflate")
    }

    @Test func initFromHeaderValue() {
        #expect(SLSCompression(headerValue: nil) == SLSCompression.none)
        #expect(SLSCompression(headerValue: "") == SLSCompression.none)
        #expect(SLSCompression(headerValue: "lz4") == .lz4)
        #expect(SLSCompression(headerValue: "zstd") == .zstd)
        #expect(SLSCompression(headerValue: "deflate") == .deflate)
        #expect(SLSCompression(headerValue: "gzip") == nil)
        #expect(SLSCompression(headerValue: "none") == nil)
    }

    @Test func errorDescriptionNamesSizes() {
        let error = SLSCompressionError(compression: .zstd, reason: .sizeMismatch(rawSize: 50, actual: 40))

        #expect(error.description == "zstd decompression failed: the body decompresses to 40 bytes, but x-log-bodyrawsize is 50")
    }

    private func decompressError(_ body: [UInt8], _ compression: SLSCompression, rawSize: Int) -> SLSCompressionError? {
        do {
            _ = try SLSCompressor.decompress(body, using: compression, rawSize: rawSize)
            return nil
        } catch {
            return error
        }
    }

    private func isCorruptInput(_ error: SLSCompressionError?) -> Bool {
        if case .corruptInput = error?.reason { return true }
        return false
    }
}

/// A small deterministic pseudo-random generator, so incompressible test data is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
