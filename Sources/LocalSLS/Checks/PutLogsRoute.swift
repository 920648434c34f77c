import HTTPServer

/// The PutLogs target of a request: project from `Host`, Logstore and shard selection from the path.
struct PutLogsRoute: Sendable, Equatable {
    var project: String
    var logstore: String
    var shard: LocalSLSShardSelection

    /// Parses method, path, query and `Host`. SLS documents no error code for a method or path outside its API,
    /// so those get `400 ParameterInvalid` with a message naming the supported forms.
    static func parse(_ request: HTTPRequest) throws(LocalSLSRejection) -> PutLogsRoute {
        let path = request.path
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        guard path.hasPrefix("/"), segments.count >= 2, segments[0] == "logstores", !segments[1].isEmpty else {
            throw LocalSLSRejection(400, "ParameterInvalid", "the local SLS server implements only PutLogs: "
                + "POST /logstores/{logstore}, /logstores/{logstore}/shards/lb or "
                + "/logstores/{logstore}/shards/route?key={hash}; got \(request.method) \(request.rawPath)")
        }
        guard request.method == "POST" else {
            throw LocalSLSRejection(400, "ParameterInvalid",
                                    "PutLogs needs the POST method; got \(request.method) \(request.rawPath)")
        }

        let shard: LocalSLSShardSelection
        switch Array(segments.dropFirst(2)) {
        case []:
            shard = .logstore
        case ["shards", "lb"]:
            shard = .loadBalanced
        case ["shards", "route"]:
            guard let key = request.queryValue("key"), !key.isEmpty else {
                throw LocalSLSRejection(400, "ParameterInvalid", "/shards/route needs a non-empty key query parameter")
            }
            shard = .hashKey(key)
        default:
            throw LocalSLSRejection(400, "ParameterInvalid", "unknown PutLogs path \(request.rawPath); use "
                + "/logstores/{logstore}, /logstores/{logstore}/shards/lb or /logstores/{logstore}/shards/route")
        }

        let project = try projectName(fromHost: request.headers["Host"])
        return PutLogsRoute(project: project, logstore: segments[1], shard: shard)
    }

    /// Returns the first label of `Host`, the project. The port may be present or not.
    static func projectName(fromHost host: String?) throws(LocalSLSRejection) -> String {
        guard let host, !host.isEmpty else {
            throw LocalSLSRejection(400, "MissingHost", "the Host header is missing; send Host: {project}.{endpoint}")
        }
        guard let dot = host.firstIndex(of: "."), dot != host.startIndex else {
            throw LocalSLSRejection(400, "InvalidHost",
                                    "Host \"\(host)\" does not start with a project; send Host: {project}.{endpoint}")
        }
        return String(host[..<dot])
    }
}
