import Foundation
import Storage
import YAML

/// The billing rules: the line items each destination mode produces and the payer of each, read from
/// `Pricing/billing-rules.yaml` so that they can change without a new build.
public struct BillingRules: Sendable, Equatable {
    /// One line item of a mode.
    public struct Rule: Sendable, Equatable {
        /// The price item, such as `sls.pbf.write_traffic`.
        public var itemID: String
        public var payer: Payer
        /// The rule applies only with this SLS billing mode, or always when nil.
        public var slsBilling: SLSBillingMode?
        /// The rule applies only with this Event Hubs tier, or always when nil.
        public var eventHubsTier: EventHubsTier?
        /// When set, the usage is shown but billed as part of this other item, such as SLS write traffic that
        /// CTDR's Log Ingestion Traffic covers in the dedicated channel.
        public var includedIn: String?
        /// The reason for the rule, shown in reports.
        public var note: String?

        public init(
            itemID: String, payer: Payer, slsBilling: SLSBillingMode? = nil, eventHubsTier: EventHubsTier? = nil,
            includedIn: String? = nil, note: String? = nil
        ) {
            self.itemID = itemID
            self.payer = payer
            self.slsBilling = slsBilling
            self.eventHubsTier = eventHubsTier
            self.includedIn = includedIn
            self.note = note
        }

        /// Returns whether the rule applies under `settings`.
        public func applies(to settings: CostSettings) -> Bool {
            if let slsBilling, slsBilling != settings.slsBilling { return false }
            if let eventHubsTier, eventHubsTier != settings.eventHubsTier { return false }
            return true
        }
    }

    /// The rules of each mode, in report order.
    public var modes: [MeterMode: [Rule]]

    public init(modes: [MeterMode: [Rule]]) {
        self.modes = modes
    }

    /// Returns the rules of `mode` that apply under `settings`.
    public func rules(for mode: MeterMode, settings: CostSettings) -> [Rule] {
        (modes[mode] ?? []).filter { $0.applies(to: settings) }
    }

    /// Reads and checks the rules file at `path`.
    ///
    /// - Throws: ``PriceFileError`` listing every problem: invalid YAML, unknown keys, payers or conditions, and a
    ///   mode without rules.
    public static func load(path: String) throws(PriceFileError) -> BillingRules {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PriceFileError(path: path, problems: [
                PriceFileProblem(key: "(file)", line: nil, message: "cannot be read. Check the path and permissions."),
            ])
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// Parses the text of a rules file. `path` only names the file in errors.
    public static func parse(_ text: String, path: String) throws(PriceFileError) -> BillingRules {
        let root: YAMLNode?
        do {
            root = try YAMLDocument.parse(text)
        } catch {
            throw PriceFileError(path: path, problems: [
                PriceFileProblem(key: "(file)", line: error.mark.line, message: error.description),
            ])
        }
        let reader = YAMLFieldReader()
        guard let root, let top = reader.mapping(root, path: "") else {
            throw PriceFileError(path: path, problems: reader.problems + [
                PriceFileProblem(key: "(file)", line: nil, message: "is empty. It needs `schema_version` and `modes`."),
            ])
        }

        if let version = top.integer("schema_version", required: true, range: 1...1_000),
           version != PriceSheetLoader.schemaVersion
        {
            top.report("schema_version", "is \(version), but this ehbridge reads version \(PriceSheetLoader.schemaVersion).")
        }
        let shared = decodeRules(top.sequence("all_modes") ?? [], path: "all_modes", reader: reader)
        var modes: [MeterMode: [Rule]] = [:]
        if let modeFields = top.mapping("modes") {
            for mode in [MeterMode.dedicatedChannel, .userLogService] {
                let nodes = modeFields.sequence(mode.rawValue, required: true) ?? []
                modes[mode] = decodeRules(nodes, path: modeFields.keyPath(mode.rawValue), reader: reader) + shared
            }
            modeFields.reportUnknownKeys()
        } else {
            top.report("modes", "is missing. List the rules of dedicated-channel and user-log-service.")
        }
        top.reportUnknownKeys()

        guard reader.problems.isEmpty else { throw PriceFileError(path: path, problems: reader.problems) }
        return BillingRules(modes: modes)
    }

    private static func decodeRules(_ nodes: [YAMLNode], path: String, reader: YAMLFieldReader) -> [Rule] {
        var rules: [Rule] = []
        for (index, node) in nodes.enumerated() {
            guard let fields = reader.mapping(node, path: "\(path)[\(index)]") else { continue }
            let itemID = fields.string("item", required: true)
            let payer: Payer? = fields.choice("payer", required: true)
            let includedIn = fields.string("included_in")
            let note = fields.string("note")
            var slsBilling: SLSBillingMode?
            var eventHubsTier: EventHubsTier?
            if let when = fields.mapping("when") {
                slsBilling = when.choice("sls_billing")
                eventHubsTier = when.choice("event_hubs_tier")
                when.reportUnknownKeys()
            }
            fields.reportUnknownKeys()

            guard let itemID, let payer else { continue }
            rules.append(Rule(
                itemID: itemID, payer: payer, slsBilling: slsBilling, eventHubsTier: eventHubsTier,
                includedIn: includedIn, note: note
            ))
        }
        return rules
    }
}
