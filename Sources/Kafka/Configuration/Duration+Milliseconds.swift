extension Duration {
    /// The duration in whole milliseconds, rounded toward zero, as librdkafka's `*.ms` properties take it.
    var wholeMilliseconds: Int64 {
        let parts = components
        return parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
    }

    /// The duration in whole milliseconds for a C `int` timeout argument, clamped to `0...Int32.max`.
    var timeoutMilliseconds: Int32 {
        Int32(clamping: max(0, wholeMilliseconds))
    }
}
