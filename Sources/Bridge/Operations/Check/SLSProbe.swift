import Core
import Dispatch
import Foundation
import SLS

/// Sends one signed GetLogStore request, which reads and changes nothing, to check the endpoint, the
/// credentials, the project, the Logstore and the clock.
enum SLSProbe {
    static let subject = "SLS"

    static func run(
        configuration: SLSClientConfiguration, project: String, logstore: String,
        credentials: DestinationConfiguration.Credentials, logger: Logger
    ) -> CheckResult
    {
        let client = SLSClient(configuration: configuration, logger: logger)
        defer { client.shutdown() }

        let outcome = Locked<Result<LogstoreDescription, PutLogsFailure>?>(nil)
        let done = DispatchSemaphore(value: 0)
        client.getLogStore(project: project, logstore: logstore) { result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()

        let localTime = Int64(Date().timeIntervalSince1970)
        let endpoint = configuration.endpoint
        switch outcome.withLock({ $0 })! {
        case .success(let description):
            if let serverTime = description.serverTime,
               let warning = SLSDiagnosis.clockWarning(serverTime: serverTime, localTime: localTime) {
                return CheckResult(subject: subject, status: .warning, message: warning.line, diagnosis: warning)
            }
            var facts = ["Logstore \(logstore) of project \(project) is readable at \(endpoint.description(project: project))"]
            if let shards = description.shardCount { facts.append("\(shards) shards") }
            if let retention = description.retentionDays { facts.append("retention \(retention) days") }
            if let requestID = description.requestID { facts.append("request ID \(requestID)") }
            return CheckResult(subject: subject, status: .passed, message: facts.joined(separator: ", "))
        case .failure(let failure):
            let diagnosis = SLSDiagnosis.diagnose(
                failure, project: project, logstore: logstore, endpoint: endpoint.host, localTime: localTime,
                route: SLSDiagnosis.Route(endpoint: endpoint, credentials: credentials)
            )
            return .failed(subject, diagnosis, detail: failure.description)
        }
    }
}
