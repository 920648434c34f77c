import Foundation

/// A folder under the system's temporary directory that a test owns, removed when the value is released.
final class TemporaryDirectory {
    let path: String

    init() throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory(), isDirectory: true)
        let url = base.appendingPathComponent("ehbridge-storage-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Returns the path of `name` inside the folder. The file is not created.
    func file(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }
}
