/// Writes compact JSON (no whitespace between tokens) into a byte array, the form Azure diagnostic settings send.
///
/// Objects and arrays are written through closures, and the writer places the commas. Strings are escaped as
/// RFC 8259 requires; other characters, non-ASCII included, are written as UTF-8.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Writes `/` as `\/`, as .NET serializers of some Azure services do (App Service HTTP logs).
    var escapesSlashes = false
    /// One entry per open container: whether it has no member or element yet.
    private var isFirstInContainer: [Bool] = []

    init(reservingCapacity capacity: Int = 0, escapesSlashes: Bool = false) {
        bytes.reserveCapacity(capacity)
        self.escapesSlashes = escapesSlashes
    }

    // MARK: Containers

    mutating func object(_ fill: (inout JSONWriter) -> Void) {
        startValue()
        open(UInt8(ascii: "{"))
        fill(&self)
        close(UInt8(ascii: "}"))
    }

    mutating func array(_ fill: (inout JSONWriter) -> Void) {
        startValue()
        open(UInt8(ascii: "["))
        fill(&self)
        close(UInt8(ascii: "]"))
    }

    // MARK: Object members

    mutating func field(_ key: String, _ value: String) {
        writeKey(key)
        writeString(value)
    }

    mutating func field(_ key: String, _ value: Int) {
        writeKey(key)
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func field(_ key: String, _ value: Bool) {
        writeKey(key)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func fieldNull(_ key: String) {
        writeKey(key)
        bytes.append(contentsOf: "null".utf8)
    }

    mutating func field(_ key: String, object fill: (inout JSONWriter) -> Void) {
        writeKey(key)
        open(UInt8(ascii: "{"))
        fill(&self)
        close(UInt8(ascii: "}"))
    }

    mutating func field(_ key: String, array fill: (inout JSONWriter) -> Void) {
        writeKey(key)
        open(UInt8(ascii: "["))
        fill(&self)
        close(UInt8(ascii: "]"))
    }

    // MARK: Array elements

    mutating func element(_ value: String) {
        startValue()
        writeString(value)
    }

    mutating func element(_ value: Int) {
        startValue()
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Appends `json`, which must be one complete JSON value, as the next element.
    mutating func element(rawJSON json: [UInt8]) {
        startValue()
        bytes.append(contentsOf: json)
    }

    // MARK: Writing

    private mutating func writeKey(_ key: String) {
        startValue()
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Writes the comma before every member or element but the first of its container.
    private mutating func startValue() {
        guard let last = isFirstInContainer.indices.last else { return }
        if isFirstInContainer[last] {
            isFirstInContainer[last] = false
        } else {
            bytes.append(UInt8(ascii: ","))
        }
    }

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        isFirstInContainer.append(true)
    }

    private mutating func close(_ bracket: UInt8) {
        isFirstInContainer.removeLast()
        bytes.append(bracket)
    }

    private mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "/") where escapesSlashes: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "/")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Returns the written JSON as text, for values that hold JSON inside a string.
    var text: String { String(decoding: bytes, as: UTF8.self) }
}
