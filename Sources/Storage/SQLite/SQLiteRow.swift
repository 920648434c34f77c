import CSQLite

/// The names of a statement's result columns, with an index for lookups by name.
struct SQLiteColumns: Sendable {
    let names: [String]
    let indexes: [String: Int]

    init(names: [String]) {
        self.names = names
        var indexes: [String: Int] = [:]
        for (index, name) in names.enumerated() where indexes[name] == nil {
            indexes[name] = index
        }
        self.indexes = indexes
    }
}

/// One result row: the values of its columns, read by index or by column name.
///
/// ```swift
/// let id = try row.decode(Int64.self, column: "id")
/// let key = try row.decode([UInt8]?.self, column: "kafka_key")   // nil for NULL
/// ```
public struct SQLiteRow: Sendable {
    /// The column values in result order.
    public let values: [SQLiteValue]
    let columns: SQLiteColumns
    let statement: String
    let path: String

    /// The column names in result order, as SQLite names them (the alias after `AS` where there is one).
    public var columnNames: [String] { columns.names }

    /// Returns the value of the column at `index`, counted from 0.
    public subscript(index: Int) -> SQLiteValue { values[index] }

    /// Returns the value of the first column named `column`, or nil when the result has no such column.
    public subscript(column: String) -> SQLiteValue? {
        columns.indexes[column].map { values[$0] }
    }

    /// Reads a column as `type`. Optional types read NULL as nil.
    ///
    /// - Throws: ``SQLiteError`` of kind ``SQLiteError/Kind/typeMismatch`` when the column contains another storage
    ///   class, is NULL for a non-optional type or does not fit the type, and `SQLITE_RANGE` when no column has
    ///   this name.
    public func decode<T: SQLiteColumnDecodable>(_ type: T.Type, column: String) throws(SQLiteError) -> T {
        guard let value = self[column] else {
            throw SQLiteError(
                operation: .readColumn, extendedCode: SQLITE_RANGE, message: "the result has no column named \(column)",
                path: path, statement: statement
            )
        }
        guard let decoded = T(sqliteValue: value) else {
            throw SQLiteError(
                operation: .readColumn, extendedCode: SQLITE_MISMATCH,
                message: "column \(column) contains \(value.typeName), but \(T.sqliteTypeDescription) was expected",
                path: path, statement: statement
            )
        }
        return decoded
    }
}
