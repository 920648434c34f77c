import Foundation

/// Reading and writing files named on the command line, with errors that say what is wrong with the path
/// instead of Foundation's error domains and codes.
enum FileAccess {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Returns whether `path` exists and is a folder.
    static func isFolder(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
    }

    /// Returns the bytes of `path`, or throws a ``Failure`` that names the path and the problem.
    static func read(_ path: String) throws(Failure) -> [UInt8] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw Failure(description: "\(path) does not exist; check the path")
        }
        guard !isFolder.boolValue else { throw Failure(description: "\(path) is a folder; name a file") }
        // One open through a handle reads a pipe too, such as a shell's process substitution, which a second
        // open would find empty.
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Failure(description: "\(path) cannot be read; check its permissions")
        }
        defer { try? handle.close() }
        do {
            return Array(try handle.readToEnd() ?? Data())
        } catch {
            throw Failure(description: "\(path) cannot be read: \(error.localizedDescription)")
        }
    }

    /// Writes `text` to `path`, creating its folder, or throws a ``Failure`` that names the path and the problem.
    static func write(_ text: String, to path: String) throws(Failure) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw Failure(description: "\(path) is a folder; give a file name such as \(path)/report.md")
        }
        let folder = (path as NSString).deletingLastPathComponent
        do {
            if !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            let reason = (error as NSError).userInfo[NSUnderlyingErrorKey].map { "\($0)" } ?? ""
            let detail = reason.contains("Permission denied") || reason.contains("Code=13")
                ? "permission denied" : "the folder cannot be created or written"
            throw Failure(description: "cannot write \(path): \(detail); choose a writable location")
        }
    }
}
