@testable import CostModel
import Foundation
import Testing

@Suite struct DecimalAndRoundingTests {
    @Test(arguments: [
        ("0.0875", "0.0875"), ("1_073_741_824", "1073741824"), ("-12", "-12"), ("1.5e3", "1500"), ("+3", "3"),
    ])
    func parseAcceptsDecimals(text: String, expected: String) {
        #expect(DecimalText.parse(text) == Decimal(string: expected))
    }

    @Test func parseMatchesFoundation() {
        var texts = [
            "0", "-0", "0.000", "+0.5", "1.50", "0.0875", "100", "1e2", "1.5E-3", "-2.25e+1", "007.10",
            "12345678901234567890", "0.1234567890123456789", "99999999999999999999.5", "1e127", "1e-128",
            "3e999", "-4e-999", "1_000.000_1", "0e128", "0e999", "+0E128", "0e-129", "-0e-130", "-0.0e-128",
            "+0.000e-126", "0e100", "0.0e-99",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let integer = String(UInt64.random(in: 0...UInt64.max, using: &generator) >> UInt64.random(in: 0...63, using: &generator))
            let fraction = Bool.random(using: &generator) ? "" : "." + String(repeating: "0", count: Int.random(in: 0...3, using: &generator))
                + String(UInt32.random(in: 0...UInt32.max, using: &generator) >> UInt32.random(in: 0...31, using: &generator))
            let exponent = Bool.random(using: &generator) ? "" : "e" + String(Int.random(in: -130...130, using: &generator))
            texts.append((Bool.random(using: &generator) ? "-" : "") + integer + fraction + exponent)
        }
        for text in texts {
            let cleaned = text.replacingOccurrences(of: "_", with: "")
            let expected = Decimal(string: cleaned, locale: Locale(identifier: "en_US_POSIX"))
            let parsed = DecimalText.parse(text)
            #expect(parsed == expected, "\(text)")
            #expect(parsed?.description == expected?.description, "\(text)")
            #expect(parsed.map { DecimalText.fixed($0, places: 4) } == expected.map { DecimalText.fixed($0, places: 4) }, "\(text)")
        }
    }

    @Test(arguments: ["0.0875", "1.50", "-12", "1.5e3", "+3", "0.000001218535", "1073741824", "1234567890123456789"])
    func exactValueSkipsFoundation(text: String) {
        // Prices take the path that creates no Locale.
        let value = DecimalText.exactValue(ofWellFormed: text)
        #expect(value != nil)
        #expect(value == Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
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

    @Test func lineRoundingSettlesDailyShares() {
        // 0.25 GB-month at 0.10, summed from 30 daily shares as a monthly item of daily usage is.
        let dailyShare = Decimal(string: "0.25")! / 30 * Decimal(string: "0.1")!
        let sum = (0..<30).reduce(Decimal(0)) { total, _ in total + dailyShare }

        #expect(sum < Decimal(string: "0.025")!, "the sum the rounding must settle")
        #expect(LineAmountRounding.settled(sum) == Decimal(string: "0.025"))
        #expect(LineAmountRounding().billedAmount(sum) == Decimal(string: "0.03"))
    }

    @Test func minimumAmountDropsSmallLines() {
        let rounding = LineAmountRounding(minimumAmount: Decimal(string: "0.01"))
        #expect(rounding.billedAmount(Decimal(string: "0.009")!) == 0)
        #expect(rounding.billedAmount(Decimal(string: "0.01")!) == Decimal(string: "0.01"))
        #expect(rounding.summary.contains("under 0.01 are billed as 0"))
    }
}
