/// A fault named on the command line of `ehbridge-local-sls` with `--fault KIND[:COUNT]`, queued for the first
/// COUNT requests (default 1) once the server starts.
public struct FaultOption: Sendable, Equatable {
    public var fault: LocalSLSFault
    public var times: Int

    public init(fault: LocalSLSFault, times: Int) {
        self.fault = fault
        self.times = times
    }

    /// The kinds that `--fault` accepts and their faults. `delay=MS` is parsed separately.
    static let namedKinds: [(name: String, fault: LocalSLSFault)] = [
        ("internal-error", .internalServerError),
        ("server-busy", .serverBusy),
        ("too-many-requests", .tooManyRequests),
        ("write-quota", .writeQuotaExceeded),
        ("shard-quota", .shardWriteQuotaExceeded),
        ("body-too-large", .postBodyTooLarge),
        ("time-expired", .requestTimeExpired),
        ("unauthorized", .unauthorized),
        ("signature-mismatch", .signatureNotMatch),
        ("disconnect", .disconnect),
    ]

    /// Parses `KIND[:COUNT]`, such as `write-quota:5`, `disconnect` or `delay=2000:3`.
    static func parse(_ text: String) throws(LocalSLSOptions.UsageError) -> FaultOption {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let kind = parts.first.map(String.init), !kind.isEmpty else {
            throw usageError(text)
        }
        var times = 1
        if parts.count == 2 {
            guard let count = Int(parts[1]), count > 0 else {
                throw LocalSLSOptions.UsageError(message: "--fault \(text): the count after ':' must be a positive number")
            }
            times = count
        }
        if kind.hasPrefix("delay=") {
            guard let milliseconds = Int(kind.dropFirst("delay=".count)), milliseconds >= 0 else {
                throw LocalSLSOptions.UsageError(message: "--fault \(text): delay= takes milliseconds, such as delay=2000")
            }
            return FaultOption(fault: .delay(milliseconds: milliseconds), times: times)
        }
        guard let named = namedKinds.first(where: { $0.name == kind }) else {
            throw usageError(text)
        }
        return FaultOption(fault: named.fault, times: times)
    }

    private static func usageError(_ text: String) -> LocalSLSOptions.UsageError {
        let kinds = namedKinds.map(\.name).joined(separator: ", ")
        return LocalSLSOptions.UsageError(message: "--fault \(text) is not a fault; use KIND or KIND:COUNT with KIND one of \(kinds) or delay=MS")
    }
}
