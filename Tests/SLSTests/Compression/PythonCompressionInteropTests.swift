import Foundation
import Testing
@testable import SLS
import TestSupport

/// Checks that bodies compressed as the Python SDK compresses them decompress here, and the reverse. Python uses
/// its `zlib` module and the `lz4` and `zstd` modules that `scripts/install-deps.sh` installs next to the SDK.
@Suite(.enabled(if: WirePythonRunner.python != nil, "no .venv/bin/python; run scripts/install-deps.sh"))
struct PythonCompressionInteropTests {
    /// Reads `{"raw": hex, "swift": {type: hex}}` from standard input and prints one JSON object. Its `python`
    /// member has `raw` compressed as the SDK does it (lz4 block without its size prefix, zstd level 1, zlib), and
    /// its `decoded` member has each Swift body decompressed.
    private static let script = """
        import json, sys, zlib
        import lz4.block, zstd

        request = json.load(sys.stdin)
        raw = bytes.fromhex(request["raw"])
        swift = {name: bytes.fromhex(body) for name, body in request["swift"].items()}
        print(json.dumps({
            "python": {
                "lz4": lz4.block.compress(raw)[4:].hex(),
                "zstd": zstd.compress(raw, 1).hex(),
                "deflate": zlib.compress(raw).hex(),
            },
            "decoded": {
                "lz4": lz4.block.decompress(swift["lz4"], uncompressed_size=len(raw)).hex(),
                "zstd": zstd.decompress(swift["zstd"]).hex(),
                "deflate": zlib.decompress(swift["deflate"]).hex(),
            },
        }))
        """

    @Test func compressedBodiesInteroperateWithPython() async throws {
        try await blocking {
            let raw = LogGroupEncoder.encode(WireTestData.auditLogGroup(count: 300))
            let types: [SLSCompression] = [.lz4, .zstd, .deflate]
            var swiftBodies: [String: String] = [:]
            for compression in types {
                swiftBodies[compression.rawValue] = WireTestData.hex(try SLSCompressor.compress(raw, using: compression))
            }

            let output = try runPython(request: ["raw": WireTestData.hex(raw), "swift": swiftBodies])

            let pythonBodies = try #require(output["python"] as? [String: String])
            let decoded = try #require(output["decoded"] as? [String: String])
            for compression in types {
                let pythonBody = WireTestData.bytes(hex: try #require(pythonBodies[compression.rawValue]))
                let restored = try SLSCompressor.decompress(pythonBody, using: compression, rawSize: raw.count)
                #expect(restored == raw, "Python \(compression.rawValue) body")
                #expect(decoded[compression.rawValue] == WireTestData.hex(raw), "Swift \(compression.rawValue) body")
            }
        }
    }

    private func runPython(request: [String: Any]) throws -> [String: Any] {
        let input = try JSONSerialization.data(withJSONObject: request)
        let output = try WirePythonRunner.run(script: Self.script, input: input)
        return try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
    }
}
