import HTTPServer
import Testing

@Suite("HTTPRequest target parsing")
struct RequestTargetTests {
    @Test func targetWithoutQueryHasNoItems() {
        let request = HTTPRequest(method: "POST", target: "/logstores/app")
        #expect(request.rawPath == "/logstores/app")
        #expect(request.rawQuery == "")
        #expect(request.queryItems.isEmpty)
    }

    @Test func malformedPercentEscapeStaysLiteral() {
        let request = HTTPRequest(method: "GET", target: "/a%zz?k=%4&j=100%")
        #expect(request.path == "/a%zz")
        #expect(request.queryValue("k") == "%4")
        #expect(request.queryValue("j") == "100%")
    }

    @Test func plusInPathStaysPlus() {
        let request = HTTPRequest(method: "GET", target: "/a+b%2Fc?q=a+b")
        #expect(request.path == "/a+b/c")
        #expect(request.queryValue("q") == "a b")
    }

    @Test func fragmentIsIgnored() {
        let request = HTTPRequest(method: "GET", target: "/p?k=v#frag")
        #expect(request.rawQuery == "k=v")
        #expect(request.queryValue("k") == "v")
    }

    @Test func absoluteFormKeepsPathAndQuery() {
        let request = HTTPRequest(method: "POST", target: "http://proj.example.invalid:8080/logstores/app/shards/lb?k=v")
        #expect(request.rawPath == "/logstores/app/shards/lb")
        #expect(request.rawQuery == "k=v")
        #expect(request.target == "http://proj.example.invalid:8080/logstores/app/shards/lb?k=v")
    }

    @Test func absoluteFormWithoutPathIsRoot() {
        #expect(HTTPRequest(method: "GET", target: "HTTP://example.invalid").rawPath == "/")
        let withQuery = HTTPRequest(method: "GET", target: "https://example.invalid?k=v")
        #expect(withQuery.rawPath == "/")
        #expect(withQuery.queryValue("k") == "v")
    }

    @Test func pathContainingSchemeTextStaysAsSent() {
        let request = HTTPRequest(method: "GET", target: "/redirect?to=http://example.invalid/x")
        #expect(request.rawPath == "/redirect")
        #expect(request.queryValue("to") == "http://example.invalid/x")
    }

    @Test func headersLookupIgnoresCase() {
        var headers: HTTPHeaders = ["Content-Type": "application/x-protobuf", "x-log-a": "1"]
        headers.add(name: "X-Log-A", value: "2")
        #expect(headers["content-type"] == "application/x-protobuf")
        #expect(headers.values(for: "X-LOG-A") == ["1", "2"])

        headers.set(name: "x-log-a", value: "3")
        #expect(headers.values(for: "x-log-a") == ["3"])
        #expect(headers.count == 2)

        headers.remove(name: "CONTENT-TYPE")
        #expect(!headers.contains("content-type"))
    }
}
