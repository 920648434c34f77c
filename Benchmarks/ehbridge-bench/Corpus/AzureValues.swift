/// Random but plausible values for generated Azure records: identifiers, addresses, names and resource ids.
///
/// Every identifier is fake, following the conventions of the test fixtures. IPv4 addresses come from the
/// documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) or from 10.0.0.0/8, and IPv6 addresses
/// from 2001:db8::/32. Names contain `example` or a number, and e-mail addresses are at example.com or example.org. Values repeat as much as real tenants' do (a few subscriptions, dozens of resources, hundreds of
/// users), which is what gives realistic compression ratios.
struct AzureValues {
    var random: SeededRandom
    let subscriptions: [String]
    let tenant: String
    private let seed: UInt64

    init(seed: UInt64) {
        self.seed = seed
        var random = SeededRandom(seed: seed)
        subscriptions = (0..<4).map { _ in Self.makeGUID(&random) }
        tenant = Self.makeGUID(&random)
        self.random = random
    }

    // MARK: Identifiers

    mutating func guid() -> String {
        Self.makeGUID(&random)
    }

    /// Returns a GUID whose last 12 hex digits are `messageIndex`, so that a benchmark can find the Kafka message of
    /// any log it receives.
    mutating func correlationID(messageIndex: Int) -> String {
        let random = guid()
        let index = String(messageIndex, radix: 16)
        return String(random.prefix(24)) + String(repeating: "0", count: 12 - index.count) + index
    }

    mutating func hex(_ digits: Int) -> String {
        let alphabet = Array("0123456789abcdef")
        return String((0..<digits).map { _ in alphabet[Int(random.next() & 0x0F)] })
    }

    mutating func upperHex(_ digits: Int) -> String {
        hex(digits).uppercased()
    }

    /// Returns a GUID that depends only on `key` and the seed, for identifiers that stay fixed for one user, app or
    /// resource, as object ids and app ids do in a real tenant.
    func stableGUID(for key: String) -> String {
        var keyed = SeededRandom(seed: Self.fnv1a(key) ^ seed)
        return Self.makeGUID(&keyed)
    }

    /// Hex digits that depend only on `key` and the seed, such as a cluster's container id.
    func stableHex(for key: String, digits: Int) -> String {
        var keyed = SeededRandom(seed: Self.fnv1a(key) ^ seed)
        let alphabet = Array("0123456789abcdef")
        return String((0..<digits).map { _ in alphabet[Int(keyed.next() & 0x0F)] })
    }

    /// Returns one of `count` application ids, the apps that call Azure in a tenant.
    mutating func applicationID(among count: Int = 40) -> String {
        stableGUID(for: "application-\(random.int(in: 1...count))")
    }

    private static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    private static func makeGUID(_ random: inout SeededRandom) -> String {
        let alphabet = Array("0123456789abcdef")
        var characters: [Character] = []
        for index in 0..<32 {
            if index == 8 || index == 12 || index == 16 || index == 20 { characters.append("-") }
            switch index {
            case 12: characters.append("4")
            case 16: characters.append(alphabet[8 + Int(random.next() & 0x03)])
            default: characters.append(alphabet[Int(random.next() & 0x0F)])
            }
        }
        return String(characters)
    }

    // MARK: Addresses

    /// Returns a public address from one of the three IPv4 documentation ranges.
    mutating func publicIPv4() -> String {
        let prefix = random.pick(["192.0.2", "198.51.100", "203.0.113"])
        return "\(prefix).\(random.int(in: 1...254))"
    }

    mutating func privateIPv4() -> String {
        "10.\(random.int(in: 0...3)).\(random.int(in: 0...15)).\(random.int(in: 4...254))"
    }

    mutating func ipv6() -> String {
        "2001:db8:\(String(random.int(in: 0...0xFF), radix: 16))::\(String(random.int(in: 1...0xFFFF), radix: 16))"
    }

    mutating func port() -> Int {
        random.int(in: 1024...65535)
    }

    // MARK: People and software

    private static let givenNames = [
        "Alex", "Sam", "Jordan", "Taylor", "Robin", "Kim", "Noa", "Mika", "Zoë", "Jürgen", "Ana", "Luís", "Chen",
        "Priya", "Olu", "Sven", "Ingrid", "Mateo", "Yuki", "Fatima", "Nikolai", "Aoife", "Łukasz", "Søren",
    ]
    private static let familyNames = [
        "Example", "Sample", "Tester", "Ünal", "Kowalczyk", "Müller", "García", "Nakamura", "Okafor", "Larsen",
        "Dubois", "Rossi", "Novák", "Singh", "Park", "O'Brien", "Ferreira", "Jansen", "Haddad", "Ivanova",
    ]

    /// Returns one of about 960 users of the tenant.
    mutating func user() -> User {
        let given = random.pick(Self.givenNames)
        let family = random.pick(Self.familyNames)
        let domain = random.chance(0.8) ? "example.com" : "example.org"
        let upn = Self.asciiLowercased(given) + "." + Self.asciiLowercased(family) + "@" + domain
        return User(name: given + " " + family, upn: upn, objectID: stableGUID(for: upn))
    }

    struct User {
        var name: String
        var upn: String
        var objectID: String
    }

    private static func asciiLowercased(_ name: String) -> String {
        let folded = name.lowercased().map { character -> String in
            switch character {
            case "ë": "e"
            case "ü": "u"
            case "í": "i"
            case "ø": "o"
            case "ł": "l"
            case "á": "a"
            case "'": ""
            default: String(character)
            }
        }
        return folded.joined()
    }

    static let userAgents = [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.0.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
        "azure-cli/2.58.0 (MSI) azsdk-python-azure-mgmt-compute/30.5.0 Python/3.11.8 (Linux-6.2.0-azure-x86_64-with-glibc2.35)",
        "kubectl/v1.29.2 (linux/amd64) kubernetes/4b8e819",
        "Terraform/1.7.4 terraform-provider-azurerm/3.94.0",
        "ExampleClient/3.1 (+https://example.com/bot)",
        "azsdk-net-Storage.Blobs/12.19.1 (.NET 8.0.2; Ubuntu 22.04.4 LTS)",
    ]

    static let regions = ["westeurope", "northeurope", "eastus", "eastus2", "southeastasia", "germanywestcentral"]

    // MARK: Resources

    private static let workloads = ["web", "api", "data", "batch", "identity", "payments", "search", "reports", "edge"]
    private static let environments = ["prod", "stage", "dev"]

    mutating func subscription() -> String {
        random.pick(subscriptions)
    }

    /// Returns one of 27 resource group names, such as `rg-payments-prod`.
    mutating func resourceGroup() -> String {
        "rg-\(random.pick(Self.workloads))-\(random.pick(Self.environments))"
    }

    /// Returns an upper-case resource id, the form of Activity Log records:
    /// `/SUBSCRIPTIONS/{sub}/RESOURCEGROUPS/{rg}/PROVIDERS/{type}/{name}`.
    mutating func resourceID(provider: String, type: String, name: String) -> String {
        "/SUBSCRIPTIONS/\(subscription())/RESOURCEGROUPS/\(resourceGroup())/PROVIDERS/\(provider)/\(type)/\(name)"
            .uppercased()
    }

    /// Returns a mixed-case resource id, the form of resource-specific records such as Storage logs.
    mutating func mixedCaseResourceID(provider: String, type: String, name: String) -> String {
        "/subscriptions/\(subscription())/resourceGroups/\(resourceGroup())/providers/\(provider)/\(type)/\(name)"
    }

    /// Returns a resource name such as `vm-api-prod-014`.
    mutating func resourceName(_ kind: String, maxNumber: Int = 40) -> String {
        "\(kind)-\(random.pick(Self.workloads))-\(random.pick(Self.environments))-\(pad3(random.int(in: 1...maxNumber)))"
    }

    private func pad3(_ value: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }
}
