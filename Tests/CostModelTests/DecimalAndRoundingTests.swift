import CostModel
import Foundation
import Testing

@Suite struct DecimalAndRoundingTests {
    @Test(arguments: [
        ("0.0875", "0.0875"), ("1_073_741_824", "1073741824"), ("-12", "-12"), ("1.5e3", "1500"), ("+3", "3"),
    ])
    func parseAcceptsDecimals(text: String, expected: String) {
        #expect(DecimalText.parse(text) == Decimal(string: expected))
    }

    @Test(arguments: ["", "-", ".5", "5.", "0x10", "inf", "1__0", "_1", "1,5", "1.2.3", "1e", "abc"])
    func parseRejectsOtherText(text: String) {
        #expect(DecimalText.parse(text) == nil)
    }

    @Test func fixedRoundsHalfUp() {
        #expect(DecimalText.fixed(Decimal(string: "0.125")!, places: 2) == "0.13")
        #expect(DecimalText.fixed(Decimal(string: "0.124")!, places: 2) == "0.12")
        #expect(DecimalText.fixed(Decimal(string: "624.64")!, places: 2) == "624.64")
        #expect(DecimalText.fixed(0, places: 2) == "0.00")
        #expect(DecimalText.fixed(Decimal(string: "-3.1")!, places: 2) == "-3.10")
        #expect(DecimalText.fixed(Decimal(string: "1234567.5")!, places: 0) == "1234568")
    }

    @Test func plainTrimsZeros() {
        #expect(DecimalText.plain(Decimal(string: "0.061000")!) == "0.061")
        #expect(DecimalText.plain(10_240) == "10240")
        #expect(DecimalText.plain(Decimal(string: "0.0001218535")!) == "0.000122")
        #expect(DecimalText.plain(Decimal(string: "-0.0000001")!) == "0")
    }

    @Test func lineRoundingHalfUpPerLine() {
        let rounding = LineAmountRounding()
        #expect(rounding.billedAmount(Decimal(string: "0.005")!) == Decimal(string: "0.01"))
        #expect(rounding.billedAmount(Decimal(string: "0.004999")!) == 0)
        #expect(rounding.billedAmount(Decimal(string: "2.171985")!) == Decimal(string: "2.17"))
    }

    @Test func minimumAmountDropsSmallLines() {
        let rounding = LineAmountRounding(minimumAmount: Decimal(string: "0.01"))
        #expect(rounding.billedAmount(Decimal(string: "0.009")!) == 0)
        #expect(rounding.billedAmount(Decimal(string: "0.01")!) == Decimal(string: "0.01"))
        #expect(rounding.summary.contains("under 0.01 are billed as 0"))
    }
}
