/// The shard selection of a PutLogs request, from its path.
public enum LocalSLSShardSelection: Sendable, Equatable, CustomStringConvertible {
    /// `/logstores/{logstore}`: no shard part in the path.
    case logstore
    /// `/logstores/{logstore}/shards/lb`: the server picks a shard.
    case loadBalanced
    /// `/logstores/{logstore}/shards/route?key=...`: the shard whose hash range contains the key.
    case hashKey(String)

    public var description: String {
        switch self {
        case .logstore: "logstore"
        case .loadBalanced: "lb"
        case .hashKey(let key): "route:\(key)"
        }
    }
}
