import Foundation

/// Every price file of a folder plus its billing rules: the data a cost estimate reads.
///
/// The folder contains one YAML file per service and site (such as `sls-intl.yaml`) and `billing-rules.yaml`.
public struct PriceBook: Sendable, Equatable {
    /// The name of the rules file in the folder.
    public static let rulesFileName = "billing-rules.yaml"
    /// The folder the book was read from.
    public var directory: String
    /// The sheets sorted by service and site.
    public var sheets: [PriceSheet]
    public var rules: BillingRules

    public init(directory: String, sheets: [PriceSheet], rules: BillingRules) {
        self.directory = directory
        self.sheets = sheets.sorted { ($0.service, $0.site) < ($1.service, $1.site) }
        self.rules = rules
    }

    /// Reads every `*.yaml` file of `directory`.
    ///
    /// - Throws: ``PriceFileError`` for the first file with problems, or for the folder when it cannot be listed,
    ///   has no rules file, contains two files for one service and site, or a rule names an item that a sheet of
    ///   its service lacks.
    public static func load(directory: String) throws(PriceFileError) -> PriceBook {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }.sorted()
        } catch {
            throw PriceFileError(path: directory, problems: [
                PriceFileProblem(key: "(folder)", line: nil,
                                 message: "cannot be listed. Point --prices or pricing.prices at the Pricing folder."),
            ])
        }
        guard names.contains(rulesFileName) else {
            throw PriceFileError(path: directory, problems: [
                PriceFileProblem(key: "(folder)", line: nil, message: "has no \(rulesFileName). Is this the Pricing folder?"),
            ])
        }

        let rules = try BillingRules.load(path: (directory as NSString).appendingPathComponent(rulesFileName))
        var sheets: [PriceSheet] = []
        for name in names where name != rulesFileName {
            sheets.append(try PriceSheetLoader.load(path: (directory as NSString).appendingPathComponent(name)))
        }
        let book = PriceBook(directory: directory, sheets: sheets, rules: rules)
        try book.check()
        return book
    }

    /// Checks that sheets do not overlap and that every rule's item exists in each sheet of its service.
    func check() throws(PriceFileError) {
        var problems: [PriceFileProblem] = []
        var seen: [String: String] = [:]
        for sheet in sheets {
            let key = "\(sheet.service.rawValue)/\(sheet.site)"
            if let other = seen[key] {
                problems.append(PriceFileProblem(key: "(folder)", line: nil,
                                                 message: "\(sheet.path) and \(other) both price \(key). Keep one."))
            }
            seen[key] = sheet.path
        }

        for (mode, rules) in rules.modes.sorted(by: { $0.key < $1.key }) {
            for rule in rules {
                guard let service = PriceService.allCases.first(where: { rule.itemID.hasPrefix($0.itemPrefix) }) else {
                    problems.append(PriceFileProblem(key: "modes.\(mode.rawValue)", line: nil,
                                                     message: "names the item \(rule.itemID), whose prefix names no service."))
                    continue
                }
                for sheet in sheets where sheet.service == service && sheet.item(rule.itemID) == nil {
                    problems.append(PriceFileProblem(
                        key: "modes.\(mode.rawValue)", line: nil,
                        message: "names the item \(rule.itemID), which \(sheet.path) lacks. Add it there, as `price: unknown` if need be."
                    ))
                }
            }
        }
        if !problems.isEmpty {
            throw PriceFileError(path: directory, problems: problems)
        }
    }

    /// Returns the sheets that `settings` selects: SLS and CTDR of the Alibaba Cloud site, Event Hubs and
    /// bandwidth of the Azure cloud.
    ///
    /// - Throws: ``PriceFileError`` when the folder has no sheet for one of them.
    public func selection(for settings: CostSettings) throws(PriceFileError) -> PriceSelection {
        var selected: [PriceService: PriceSheet] = [:]
        var problems: [PriceFileProblem] = []
        for service in PriceService.allCases {
            let site = switch service {
            case .sls, .ctdr: settings.site.rawValue
            case .eventHubs, .bandwidth: settings.azureCloud.rawValue
            }
            if let sheet = sheets.first(where: { $0.service == service && $0.site == site }) {
                selected[service] = sheet
            } else {
                problems.append(PriceFileProblem(key: "(folder)", line: nil,
                                                 message: "has no price file for \(service.rawValue) on the site \(site)."))
            }
        }
        guard problems.isEmpty else { throw PriceFileError(path: directory, problems: problems) }
        return PriceSelection(sheets: selected)
    }

    /// Finds the price folder when none is given: `$EHBRIDGE_PRICING`, then `Pricing` in the working directory,
    /// then a `Pricing` folder next to the executable or up to four folders above it (a build inside the
    /// repository), then `/usr/share/ehbridge/Pricing`. Returns nil when none has a rules file.
    public static func defaultDirectory(
        environment: [String: String], workingDirectory: String = FileManager.default.currentDirectoryPath,
        executablePath: String? = Bundle.main.executablePath
    ) -> String? {
        var candidates: [String] = []
        if let configured = environment["EHBRIDGE_PRICING"], !configured.isEmpty {
            candidates.append(configured)
        }
        candidates.append((workingDirectory as NSString).appendingPathComponent("Pricing"))
        if let executablePath {
            var folder = (URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().path as NSString)
                .deletingLastPathComponent
            for _ in 0..<5 {
                candidates.append((folder as NSString).appendingPathComponent("Pricing"))
                folder = (folder as NSString).deletingLastPathComponent
            }
        }
        candidates.append("/usr/share/ehbridge/Pricing")

        return candidates.first { candidate in
            FileManager.default.fileExists(atPath: (candidate as NSString).appendingPathComponent(rulesFileName))
        }
    }
}

/// The sheet of each service that one estimate uses.
public struct PriceSelection: Sendable, Equatable {
    public var sheets: [PriceService: PriceSheet]

    public init(sheets: [PriceService: PriceSheet]) {
        self.sheets = sheets
    }

    /// Returns the item with `id` and its sheet, or nil.
    public func item(_ id: String) -> (item: PriceItem, sheet: PriceSheet)? {
        for service in PriceService.allCases where id.hasPrefix(service.itemPrefix) {
            if let sheet = sheets[service], let item = sheet.item(id) {
                return (item, sheet)
            }
        }
        return nil
    }
}
