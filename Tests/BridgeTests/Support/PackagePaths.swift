import Foundation

/// Paths inside the package, found from this file's location so tests run from any folder.
enum PackagePaths {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // BridgeTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static var azureFixtures: URL { root.appendingPathComponent("Tests/AzureLogsTests/Fixtures/azure") }

    /// The Azure sample messages used across tests: file name and exact bytes, in name order.
    static func azureSamples() throws -> [(name: String, bytes: [UInt8])] {
        let names = try FileManager.default.contentsOfDirectory(atPath: azureFixtures.path)
            .filter { $0.hasSuffix(".json") }
            .sorted()
        return try names.map { name in
            (name, Array(try Data(contentsOf: azureFixtures.appendingPathComponent(name))))
        }
    }

    /// A new empty folder under the system temporary folder.
    static func temporaryDirectory(_ label: String) throws -> String {
        let path = NSTemporaryDirectory() + "ehbridge-\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
