/// Exit statuses of `ehbridge`, the same for every command.
enum ExitCode: Int32 {
    case success = 0
    /// The command ran and failed: a broker or Logstore problem, an I/O error, data left undelivered.
    case failure = 1
    /// The command line or the configuration is invalid; nothing was done.
    case usage = 2
    /// The run was interrupted by a second SIGINT or SIGTERM, or a `dlq replay` by the first.
    case interrupted = 130
}
