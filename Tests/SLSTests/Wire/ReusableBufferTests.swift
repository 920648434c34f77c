import Testing
@testable import SLS

@Suite struct ReusableBufferTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let current: Int
        let needed: Int
        let expected: Int
        var testDescription: String { "\(current) bytes, \(needed) needed" }
    }

    @Test(arguments: [
        Case(current: 0, needed: 0, expected: 0),
        Case(current: 0, needed: 1, expected: 65_536),
        Case(current: 0, needed: 65_535, expected: 65_536),
        Case(current: 0, needed: 65_536, expected: 65_536),
        Case(current: 0, needed: 65_537, expected: 131_072),
        Case(current: 65_536, needed: 65_537, expected: 131_072),
        Case(current: 100, needed: 100, expected: 100),
        Case(current: 100, needed: 50, expected: 100),
    ])
    func growRoundsUpToWholeSteps(_ testCase: Case) {
        var buffer = [UInt8](repeating: 0xAA, count: testCase.current)

        ReusableBuffer.grow(&buffer, toHold: testCase.needed)

        #expect(buffer.count == testCase.expected)
    }

    @Test func growKeepsLargeEnoughBufferUntouched() {
        var buffer: [UInt8] = [1, 2, 3, 4]

        ReusableBuffer.grow(&buffer, toHold: 4)

        #expect(buffer == [1, 2, 3, 4])
    }
}
