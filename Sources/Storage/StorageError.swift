import Core

/// A failure of the meter, the dead-letter store or their schema migrations.
public enum StorageError: Error, Sendable, CustomStringConvertible {
    /// A SQLite call failed.
    case sqlite(SQLiteError)
    /// The file records migrations of `feature` that this build does not know, so a newer ehbridge wrote it.
    case unknownMigrations(feature: String, names: [String], path: String)
    /// The file, opened read-only, lacks migrations of `feature`: it was never opened for writing by that feature,
    /// or it is not an ehbridge database.
    case missingMigrations(feature: String, names: [String], path: String)
    /// The file, opened as a meter, holds only a dead-letter store, such as the one a dry run writes next to its
    /// meter.
    case deadLetterStoreWithoutMeter(path: String)
    /// Migration `name` failed and was rolled back.
    case migrationFailed(name: String, path: String, underlying: SQLiteError)
    /// A stored value cannot be decoded, such as the header encoding of dead letter `id`.
    case invalidStoredValue(path: String, id: Int64, reason: String)
    /// Writing an export file failed.
    case exportFailed(path: String, reason: String)
    /// The file, in WAL mode with a `-wal` file beside it, cannot be read because its folder does not let this
    /// user create the `-shm` file that readers share.
    case sharedMemoryNotCreatable(path: String, underlying: SQLiteError)

    public var description: String {
        let text: String
        switch self {
        case .sqlite(let error):
            text = error.description
        case .unknownMigrations(let feature, let names, let path):
            text = "\(path) was written by a newer ehbridge: its \(feature) schema has migrations that this version "
                + "does not know (\(names.joined(separator: ", "))). Run a newer ehbridge, or use another file."
        case .missingMigrations(let feature, let names, let path):
            text = "\(path) has no \(feature) schema (missing migrations: \(names.joined(separator: ", "))). "
                + "Check the path, or open the file once with the ehbridge component that writes it."
        case .deadLetterStoreWithoutMeter(let path):
            text = "\(path) is a dead-letter store without a meter (a dry run keeps the records it could not deliver "
                + "whole in such a file next to its meter). Pass the file that meter.path names, or list this one "
                + "with `ehbridge dlq list --db \(path)`."
        case .migrationFailed(let name, let path, let underlying):
            text = "migration \(name) failed on \(path) and was rolled back: \(underlying.description)"
        case .invalidStoredValue(let path, let id, let reason):
            text = "row \(id) of \(path) holds an invalid value: \(reason)"
        case .exportFailed(let path, let reason):
            text = "export to \(path) failed: \(reason)"
        case .sharedMemoryNotCreatable(let path, let underlying):
            text = "\(path) cannot be read: it has a -wal file (a bridge writes it, or did not close it), and SQLite "
                + "must create \(path)-shm beside it, which its folder does not allow for this user "
                + "(\(underlying.codeName)). Run as a user who may write the folder, or copy the file with its -wal "
                + "file to a folder you may write."
        }
        return SecretRedactor.shared.redact(text)
    }

    /// The SQLite error behind this failure, if there is one.
    public var sqliteError: SQLiteError? {
        switch self {
        case .sqlite(let error), .migrationFailed(_, _, let error), .sharedMemoryNotCreatable(_, let error): error
        default: nil
        }
    }
}
