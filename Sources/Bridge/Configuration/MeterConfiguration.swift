/// The location of the meter, the SQLite file with one row per accepted write.
public struct MeterConfiguration: Sendable, Equatable {
    /// Path of the SQLite file; created with its folder when missing.
    public var path: String
    /// Names this bridge instance in meter rows, so that reports can merge the files of several instances.
    public var instanceID: String

    public init(path: String, instanceID: String) {
        self.path = path
        self.instanceID = instanceID
    }
}
