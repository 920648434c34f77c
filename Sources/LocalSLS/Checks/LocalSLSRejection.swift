/// An SLS error response: the HTTP status, the `errorCode` and the `errorMessage` of the JSON body.
struct LocalSLSRejection: Error, Sendable, Equatable {
    var status: Int
    var code: String
    var message: String

    init(_ status: Int, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }
}
