import SLS

/// Turns a failed GetLogStore or PutLogs call into a ``Diagnosis``. Error codes are those SLS documents for
/// its API (help.aliyun.com/document_detail/29013.htm).
public enum SLSDiagnosis {
    /// The clock difference above which a check warns, in seconds. SLS rejects requests more than 15 minutes
    /// (900 seconds) off its clock with `RequestTimeExpired`.
    public static let clockWarningSeconds: Int64 = 300
    public static let maxClockSkewSeconds: Int64 = 900

    /// The client's path to SLS and its credential source, so that fixes name the settings really in use.
    public struct Route: Sendable {
        /// The target of connections: the endpoint by scheme and port, or a `destination.connect_address`.
        public var endpoint: SLSEndpoint
        /// The source of the credentials that sign requests.
        public var credentials: DestinationConfiguration.Credentials

        public init(endpoint: SLSEndpoint, credentials: DestinationConfiguration.Credentials) {
            self.endpoint = endpoint
            self.credentials = credentials
        }
    }

    /// Returns the diagnosis of `failure` for a request to `project` and `logstore` at `endpoint` (the host
    /// without the project). `localTime` is this host's clock in seconds, for the clock skew message. With a
    /// `route`, the fixes name its port, connect address and credential source; without one they assume HTTPS
    /// on port 443 and an AccessKey pair.
    public static func diagnose(
        _ failure: PutLogsFailure, project: String, logstore: String, endpoint: String, localTime: Int64,
        route: Route? = nil
    ) -> Diagnosis {
        switch failure {
        case .transport(let error):
            return diagnose(error, project: project, endpoint: endpoint, route: route)
        case .service(let error, let serverTime):
            return diagnose(error, serverTime: serverTime, project: project, logstore: logstore, endpoint: endpoint,
                            localTime: localTime, credentials: route?.credentials)
        }
    }

    /// Returns the fix of a connection failure: what to check on the way to the endpoint.
    private static func connectionFix(_ route: Route?) -> String {
        guard let endpoint = route?.endpoint else {
            return "Check destination.endpoint and that outbound HTTPS (port 443) to it is allowed"
        }
        if let address = endpoint.connectAddress {
            return "Check destination.connect_address (\(address)) and that an SLS-compatible server listens there"
        }
        let scheme = endpoint.scheme == .https ? "HTTPS" : "HTTP"
        let port = endpoint.port ?? (endpoint.scheme == .https ? 443 : 80)
        return "Check destination.endpoint and that outbound \(scheme) (port \(port)) to it is allowed"
    }

    static func diagnose(_ error: TransportError, project: String, endpoint: String, route: Route? = nil) -> Diagnosis {
        switch error.kind {
        case .nameResolution:
            return Diagnosis(
                id: "sls.endpoint_resolve",
                summary: "The SLS host \(project).\(endpoint) does not resolve, so the endpoint or the project name is wrong",
                fix: "Set destination.endpoint to the endpoint of the project's region, such as cn-hangzhou.log.aliyuncs.com "
                    + "(cn-hangzhou-intranet.log.aliyuncs.com from inside Alibaba Cloud), and check destination.project"
            )
        case .tls:
            return Diagnosis(
                id: "sls.tls",
                summary: "The TLS certificate of \(project).\(endpoint) could not be verified",
                fix: "Install the ca-certificates package; if a proxy intercepts TLS, give its CA to this host"
            )
        case .connect, .timeout, .exchange:
            return Diagnosis(
                id: "sls.unreachable",
                summary: "The SLS endpoint \(project).\(endpoint) could not be reached (\(error.kind.rawValue))",
                fix: connectionFix(route)
            )
        case .credentials:
            return Diagnosis(
                id: "sls.credentials",
                summary: "No SLS credentials could be read: \(error.curlMessage)",
                fix: "Check the destination's credentials source (STS token file or credentials URL) and that ehbridge "
                    + "may read it"
            )
        case .cancelled, .other:
            return Diagnosis(
                id: "sls.request_failed",
                summary: "The request to \(project).\(endpoint) failed before an answer: \(error.curlMessage)",
                fix: route?.endpoint.connectAddress == nil
                    ? "Check destination.endpoint and the network path to it" : connectionFix(route)
            )
        }
    }

    static func diagnose(
        _ error: SLSServiceError, serverTime: Int64?, project: String, logstore: String, endpoint: String,
        localTime: Int64, credentials: DestinationConfiguration.Credentials? = nil
    ) -> Diagnosis {
        switch error.code {
        case "ProjectNotExist":
            return Diagnosis(
                id: "sls.project",
                summary: "The project \(project) does not exist at the endpoint \(endpoint)",
                fix: "Check destination.project, and that destination.endpoint is the endpoint of the region where the "
                    + "project lives; a project exists in one region only"
            )
        case "LogStoreNotExist":
            return Diagnosis(
                id: "sls.logstore",
                summary: "The Logstore \(logstore) does not exist in the project \(project)",
                fix: "Create the Logstore, or correct destination.logstore"
            )
        case "Unauthorized" where error.message.lowercased().contains("security token"):
            return Diagnosis(
                id: "sls.security_token",
                summary: "SLS did not accept the STS security token: it does not belong to the AccessKey ID, or it expired",
                fix: securityTokenFix(credentials)
            )
        case "Unauthorized", "InvalidAccessKeyId", "MissAccessKeyId", "ProjectForbidden":
            return Diagnosis(
                id: "sls.unauthorized",
                summary: "SLS did not accept the AccessKey (\(error.code)): the AccessKey ID is unknown or disabled, "
                    + "the STS token expired, or the RAM user or role may not use the project",
                fix: "Check \(credentialSource(credentials)), and grant the RAM identity log:PostLogStoreLogs and "
                    + "log:GetLogStore on the project and Logstore"
            )
        case "SignatureNotMatch":
            return Diagnosis(
                id: "sls.signature",
                summary: "SLS rejected the request signature: the AccessKey secret does not belong to the AccessKey ID "
                    + "(with signature v4, the region may be wrong too)",
                fix: signatureFix(credentials)
            )
        case "RequestTimeExpired", "RequestTimeTooSkewed":
            let skew = serverTime.map { " by \($0 - localTime) seconds" } ?? ""
            return clockSkew(summary: "This host's clock differs from the SLS clock\(skew), more than the 15 minutes SLS allows")
        default:
            return Diagnosis(
                id: "sls.error",
                summary: "SLS answered HTTP \(error.httpStatus) \(error.code)"
                    + (error.message.isEmpty ? "" : ": \(error.message)"),
                fix: "Act on the SLS error code; its class says: \(error.errorClass.remedy)"
            )
        }
    }

    /// Returns the setting that supplies the AccessKey ID, for the fixes of rejected credentials.
    private static func credentialSource(_ credentials: DestinationConfiguration.Credentials?) -> String {
        switch credentials {
        case .stsFile: "the AccessKeyId and SecurityToken in destination.credentials_file (and that the agent renews it)"
        case .url: "the role behind destination.credentials_url"
        case .accessKey, nil: "destination.access_key_id"
        }
    }

    /// Returns the fix of a rejected STS token: the setting that supplies it.
    private static func securityTokenFix(_ credentials: DestinationConfiguration.Credentials?) -> String {
        switch credentials {
        case .stsFile: "Check that destination.credentials_file holds the SecurityToken issued with its AccessKeyId, "
            + "and that the agent renews the file before Expiration"
        case .url: "Check what destination.credentials_url returns: its SecurityToken must be current and issued with "
            + "its AccessKeyId"
        case .accessKey, nil: "Set destination.security_token to the token issued together with destination.access_key_id "
            + "and destination.access_key_secret; a token given there is not renewed, so prefer "
            + "destination.credentials_file or destination.credentials_url for STS credentials"
        }
    }

    private static func signatureFix(_ credentials: DestinationConfiguration.Credentials?) -> String {
        switch credentials {
        case .stsFile: "Check that destination.credentials_file holds an AccessKeySecret that belongs to its AccessKeyId"
        case .url: "Check what destination.credentials_url returns: its AccessKeySecret must belong to its AccessKeyId"
        case .accessKey, nil: "Set destination.access_key_secret to the secret of destination.access_key_id"
        }
    }

    /// Returns the warning for a clock more than ``clockWarningSeconds`` off the server's, or nil.
    public static func clockWarning(serverTime: Int64, localTime: Int64) -> Diagnosis? {
        let skew = serverTime - localTime
        guard abs(skew) > clockWarningSeconds else { return nil }
        return clockSkew(summary: "This host's clock differs from the SLS clock by \(skew) seconds; SLS rejects "
            + "requests beyond \(maxClockSkewSeconds) seconds")
    }

    private static func clockSkew(summary: String) -> Diagnosis {
        Diagnosis(id: "sls.clock_skew", summary: summary,
                  fix: "Synchronize this host's clock with NTP (systemd-timesyncd or chrony) and check its time zone setting")
    }
}
