import Foundation
import Storage

/// Prices usage with the billing rules and the price files that the settings select.
public struct CostEstimator: Sendable {
    public let selection: PriceSelection
    public let rules: BillingRules
    public let settings: CostSettings

    /// Selects the sheets of `book` for `settings`.
    ///
    /// - Throws: ``PriceFileError`` when the book lacks a sheet the settings need, or when the sheets that one payer's
    ///   lines come from use different currencies, whose amounts a payer total cannot add.
    public init(book: PriceBook, settings: CostSettings) throws(PriceFileError) {
        self.selection = try book.selection(for: settings)
        self.rules = book.rules
        self.settings = settings

        var problems: [PriceFileProblem] = []
        for mode in [MeterMode.dedicatedChannel, .userLogService] {
            for payer in Payer.allCases {
                var sheets: [String: Currency] = [:]
                for rule in rules.rules(for: mode, settings: settings) where rule.payer == payer {
                    if let (_, sheet) = selection.item(rule.itemID) {
                        sheets[(sheet.path as NSString).lastPathComponent] = sheet.currency
                    }
                }
                guard Set(sheets.values).count > 1 else { continue }
                let listed = sheets.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
                let problem = PriceFileProblem(key: "currency", line: nil, message: "the \(payer.title) lines come from "
                    + "files in different currencies: \(listed). A payer's total adds its lines, so give these files "
                    + "one currency by converting the prices of one of them.")
                if !problems.contains(problem) { problems.append(problem) }
            }
        }
        guard problems.isEmpty else { throw PriceFileError(path: book.directory, problems: problems) }
    }

    /// Returns the items the rules of `modes` use under the settings, with their sheets, each once.
    public func sources(modes: [MeterMode]) -> [PriceSourceLine] {
        var seen = Set<String>()
        var lines: [PriceSourceLine] = []
        for mode in modes {
            for rule in rules.rules(for: mode, settings: settings) where seen.insert(rule.itemID).inserted {
                if let (item, sheet) = selection.item(rule.itemID) {
                    lines.append(PriceSourceLine(item: item, sheet: sheet))
                }
            }
        }
        return lines
    }

    /// Prices `days` for `mode`, one ``PeriodCost`` per month in the order the months first appear, and adds
    /// the warnings and assumptions of the items used to `notes`.
    public func price(mode: MeterMode, days: [UsageDay], notes: inout CostNotes) -> [PeriodCost] {
        var months: [String] = []
        var daysByMonth: [String: [UsageDay]] = [:]
        for day in days {
            if daysByMonth[day.month] == nil { months.append(day.month) }
            daysByMonth[day.month, default: []].append(day)
        }

        return months.map { month in
            let monthDays = daysByMonth[month] ?? []
            var lines: [CostLineItem] = []
            for rule in rules.rules(for: mode, settings: settings) {
                guard let (item, sheet) = selection.item(rule.itemID) else { continue }
                lines.append(line(rule: rule, item: item, sheet: sheet, mode: mode, period: month, days: monthDays))
                note(rule: rule, item: item, sheet: sheet, mode: mode, notes: &notes)
            }
            return PeriodCost(mode: mode, period: month, days: monthDays.count, lines: lines, totals: totals(lines))
        }
    }

    /// Returns the tier arithmetic of every tiered line of `mode`, from the first day of `days` (a projection,
    /// whose days are all alike).
    public func tierExplanations(mode: MeterMode, days: [UsageDay]) -> [TierExplanation] {
        guard let first = days.first else { return [] }
        var explanations: [TierExplanation] = []
        for rule in rules.rules(for: mode, settings: settings) where rule.includedIn == nil {
            guard let (item, sheet) = selection.item(rule.itemID), case .tiered(let tiers) = item.price else { continue }

            let periodDays = item.tierPeriod == .day ? [first] : days
            let used = periodDays.reduce(Decimal(0)) { $0 + quantity(item, sheet: sheet, day: $1) }
            let free = item.tierPeriod == .month && settings.freeQuotas ? min(used, item.freePerMonth ?? 0) : 0
            explanations.append(TierExplanation(
                mode: mode, itemID: item.id, title: item.title, tierPeriod: item.tierPeriod, unit: item.unit.text,
                currency: sheet.currency, usedQuantity: used - free,
                billedQuantity: roundedUp(used - free, increment: item.purchaseIncrement),
                purchaseIncrement: item.purchaseIncrement, tiers: tiers,
                appliedMode: item.tierMode ?? settings.unstatedTierMode, modeIsStated: item.tierMode != nil,
                periodsPerMonth: item.tierPeriod == .day ? days.count : 1
            ))
        }
        return explanations
    }

    // MARK: Lines

    private func line(
        rule: BillingRules.Rule, item: PriceItem, sheet: PriceSheet, mode: MeterMode, period: String, days: [UsageDay]
    ) -> CostLineItem {
        let quantities = days.map { quantity(item, sheet: sheet, day: $0) }
        let tierMode = item.tierMode ?? settings.unstatedTierMode
        // A line billed as part of another item shows its usage only: no free quota, no purchase increment.
        let isIncluded = rule.includedIn != nil
        let freePerMonth = isIncluded || !settings.freeQuotas ? 0 : (item.freePerMonth ?? 0)
        let increment = isIncluded ? nil : item.purchaseIncrement

        var used: Decimal = 0
        var free: Decimal = 0
        var billed: Decimal = 0
        var exact: Decimal = 0
        var reachedTiers = Set<Int>()
        switch item.tierPeriod {
        case .month:
            used = quantities.reduce(0, +)
            free = min(used, freePerMonth)
            billed = roundedUp(used - free, increment: increment)
            exact = periodAmount(billed, item: item, mode: tierMode, reached: &reachedTiers)
        case .day:
            for dayQuantity in quantities {
                var dayBilled = roundedUp(dayQuantity, increment: increment)
                // A quota is bought at whichever size covers the day for the least, under volume tiers.
                if tierMode == .volume, let increment, case .tiered(let tiers) = item.price {
                    dayBilled = TierArithmetic.cheapestVolumeQuantity(
                        covering: dayQuantity, increment: increment, tiers: tiers
                    )
                }
                used += dayQuantity
                billed += dayBilled
                exact += periodAmount(dayBilled, item: item, mode: tierMode, reached: &reachedTiers)
            }
        }

        let status: CostLineItem.Status
        var unitPrice: Decimal?
        var exactAmount: Decimal? = LineAmountRounding.settled(exact)
        var tierNote: String?
        if let includedIn = rule.includedIn {
            status = .included(in: includedIn)
            exactAmount = 0
        } else {
            switch item.price {
            case .unknown:
                status = .unknownPrice
                exactAmount = nil
            case .flat(let price):
                status = .priced
                unitPrice = price
            case .tiered(let tiers):
                status = .priced
                let stated = item.tierMode == nil ? " (assumed)" : ""
                let reached = reachedTiers.sorted().map(String.init).joined(separator: ", ")
                tierNote = "\(tierMode.rawValue)\(stated), tier \(reached.isEmpty ? "1" : reached) of \(tiers.count)"
                if tierMode == .volume, reachedTiers.count <= 1 {
                    unitPrice = tiers[(reachedTiers.first ?? 1) - 1].price
                }
            }
        }

        let amount = exactAmount.map { sheet.rounding.billedAmount($0) }
        let effective: Decimal? = amount.flatMap { amount in
            billed > 0 && status == .priced ? DecimalText.rounded(amount / billed, places: 6) : nil
        }
        let byteMeter = item.meter.dimension == .bytes || item.meter.dimension == .byteDays
        return CostLineItem(
            mode: mode, payer: rule.payer, itemID: item.id, title: item.title, period: period, usedQuantity: used,
            freeQuantity: free, billedQuantity: billed, unit: item.unit.text, unitPrice: unitPrice,
            effectiveUnitPrice: effective, currency: sheet.currency, exactAmount: exactAmount, amount: amount,
            status: status, confidence: item.confidence, byteBasis: item.byteBasis,
            gigabyte: byteMeter ? sheet.gigabyteDescription : nil, tierNote: tierNote
        )
    }

    /// Returns the quantity of `item` on `day`. A GB-month of a measured month divides by that calendar month's
    /// days, so that holding the same bytes all month costs one month's price in February and in March alike.
    private func quantity(_ item: PriceItem, sheet: PriceSheet, day: UsageDay) -> Decimal {
        item.unit.quantity(
            of: day.value(of: item.meter, fromAgeDays: item.billableFromAgeDays), gigabyteBytes: sheet.gigabyteBytes,
            daysPerMonth: day.calendarMonthDays ?? settings.daysPerMonth
        )
    }

    private func periodAmount(
        _ quantity: Decimal, item: PriceItem, mode: TierMode, reached: inout Set<Int>
    ) -> Decimal {
        switch item.price {
        case .flat(let price):
            return quantity * price
        case .tiered(let tiers):
            reached.insert(TierArithmetic.tierNumber(for: quantity, tiers: tiers))
            return TierArithmetic.amount(for: quantity, tiers: tiers, mode: mode)
        case .unknown:
            return 0
        }
    }

    private func roundedUp(_ quantity: Decimal, increment: Decimal?) -> Decimal {
        guard let increment, quantity > 0 else { return quantity }
        return DecimalText.ceiling(quantity / increment) * increment
    }

    private func totals(_ lines: [CostLineItem]) -> [PayerTotal] {
        Payer.allCases.compactMap { payer in
            let payerLines = lines.filter { $0.payer == payer }
            guard let first = payerLines.first else { return nil }
            return PayerTotal(
                mode: first.mode, payer: payer, period: first.period, currency: first.currency,
                amount: payerLines.reduce(Decimal(0)) { $0 + ($1.amount ?? 0) },
                unknownItems: payerLines.filter { $0.status == .unknownPrice }.map(\.itemID)
            )
        }
    }

    // MARK: Notes

    private func note(rule: BillingRules.Rule, item: PriceItem, sheet: PriceSheet, mode: MeterMode, notes: inout CostNotes) {
        let file = (sheet.path as NSString).lastPathComponent
        if let includedIn = rule.includedIn {
            let reason = rule.note.map { " \($0)" } ?? ""
            notes.assume("\(item.title) in \(mode.rawValue) is billed as part of \(includedIn).\(reason)")
            return
        }
        if !item.isPriced {
            notes.warn("\(item.title) (\(item.id)) has no known price in \(file), so the \(rule.payer.title) total "
                + "of \(mode.rawValue) leaves it out and is a lower bound.")
        }
        if item.confidence == .thirdParty {
            notes.assume("\(item.title) (\(item.id)) uses a third-party price from \(file), a placeholder until an "
                + "official price is found.")
        }
        if case .tiered = item.price, item.tierMode == nil {
            notes.assume("\(item.title): the price page does not say whether its tiers are graduated or apply to the "
                + "whole quantity; this estimate applies \(settings.unstatedTierMode.rawValue) pricing (see the tier "
                + "arithmetic for both).")
        }
        if let itemNote = item.note {
            notes.assume("\(item.title): \(itemNote)")
        }
        if let ruleNote = rule.note {
            notes.assume("\(item.title) in \(mode.rawValue): \(ruleNote)")
        }
        if item.freePerMonth != nil, !settings.freeQuotas {
            notes.assume("SLS free quotas are not applied, as set for a resource plan that offsets the fees.")
        } else if item.freePerMonth != nil {
            notes.assume("SLS free quotas belong to the whole Alibaba Cloud account; the estimate subtracts them in "
                + "full, as if no other project of the account used them (set pricing.free_quotas: false otherwise).")
        }
        // Totals add the lines of one currency, so only a file of the same currency without tax mixes bases.
        let untaxed = selection.sheets.values.filter { $0.currency == sheet.currency && !$0.taxIncluded }
        if sheet.taxIncluded, !untaxed.isEmpty {
            let names = untaxed.map { ($0.path as NSString).lastPathComponent }.sorted()
            let others = names.count == 1
                ? "\(names[0]) states no tax basis and is"
                : "\(names.dropLast().joined(separator: ", ")) and \(names.last!) state no tax basis and are"
            notes.assume("\(file) lists prices with tax included, while \(others) taken as listed, so a "
                + "\(sheet.currency) total that adds their lines mixes the two bases.")
        }
        notes.assume(LineAmountRounding().summary + " No vendor page read states its rounding rule, so this is "
            + "an assumption.")
        if let minimum = sheet.rounding.minimumAmount {
            notes.assume("\(file): line items under \(DecimalText.plain(minimum)) \(sheet.currency) are billed as 0, "
                + "as the price file states.")
        }
    }
}
