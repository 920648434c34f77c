/// The version of ehbridge, reported by `ehbridge version` and sent in the SLS `User-Agent`.
public enum BridgeVersion {
    public static let current = "0.1.0"
}
