/// An error that stopped the bench or made a run untrustworthy.
enum BenchError: Error, CustomStringConvertible {
    case usage(String)
    case processFailed(String)
    case runFailed(String)

    var description: String {
        switch self {
        case .usage(let message): message
        case .processFailed(let message): message
        case .runFailed(let message): message
        }
    }
}
