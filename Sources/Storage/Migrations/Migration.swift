/// One named schema change. Once a database records a migration's name, the migration never runs there again,
/// so a released migration must never change: add a new one instead.
public struct Migration: Sendable {
    /// The name recorded in `schema_migrations`, such as `meter_v1`. Names are unique across all features.
    public let name: String
    let apply: @Sendable (SQLiteDatabase) throws(SQLiteError) -> Void

    /// Creates a migration that runs `apply` inside the migration's transaction.
    public init(name: String, apply: @escaping @Sendable (SQLiteDatabase) throws(SQLiteError) -> Void) {
        self.name = name
        self.apply = apply
    }

    /// Creates a migration that runs the statements in `sql`.
    public init(name: String, sql: String) {
        self.init(name: name) { database throws(SQLiteError) in
            try database.execute(sql)
        }
    }
}
