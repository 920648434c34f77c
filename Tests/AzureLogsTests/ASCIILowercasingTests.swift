import Testing
@testable import AzureLogs

/// `ASCII.writeLowercased`, which lower-cases 8 bytes at a time, against `ASCII.lowercased` byte by byte.
@Suite struct ASCIILowercasingTests {
    /// Returns the result of `writeLowercased` on `bytes`: the written bytes, or nil when it rejected them.
    private static func lowercased(_ bytes: [UInt8]) -> [UInt8]? {
        var output = [UInt8](repeating: 0xEE, count: bytes.count)
        let isASCII = bytes.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { ASCII.writeLowercased(source, into: $0) }
        }
        return isASCII ? output : nil
    }

    @Test func writeLowercasedMapsEveryASCIIByte() {
        // Every ASCII byte at every position of a word, and in the tail after the last whole word.
        for length in [1, 7, 8, 9, 16, 23] {
            for byte in UInt8(0)..<0x80 {
                for position in 0..<length {
                    var bytes = (0..<length).map { UInt8(ascii: "A") &+ UInt8($0 % 26) }
                    bytes[position] = byte
                    #expect(Self.lowercased(bytes) == bytes.map(ASCII.lowercased), "byte \(byte) at \(position) of \(length)")
                }
            }
        }
    }

    @Test func writeLowercasedRejectsNonASCIIBytes() {
        for length in [1, 8, 12] {
            for byte in UInt8(0x80)...0xFF {
                for position in [0, length / 2, length - 1] {
                    var bytes = [UInt8](repeating: UInt8(ascii: "Z"), count: length)
                    bytes[position] = byte
                    #expect(Self.lowercased(bytes) == nil, "byte \(byte) at \(position) of \(length)")
                }
            }
        }
    }

    @Test func writeLowercasedLowersResourceId() {
        let resourceId = "/SUBSCRIPTIONS/0000/resourceGroups/RG-Example/providers/Microsoft.Compute/virtualMachines/VM-01"
        #expect(Self.lowercased(Array(resourceId.utf8)) == Array(resourceId.lowercased().utf8))
        #expect(Self.lowercased([]) == [])
    }
}
