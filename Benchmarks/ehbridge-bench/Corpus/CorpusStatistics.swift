import SLS

/// Sizes and compressibility of a corpus, for the report.
struct CorpusStatistics {
    var messages: Int
    var records: Int
    var bytes: Int
    var meanRecordsPerMessage: Double
    var maxRecordsPerMessage: Int
    var minRecordBytes: Int
    var medianRecordBytes: Int
    var meanRecordBytes: Double
    var maxRecordBytes: Int
    /// Share of records from 500 to 5,000 bytes.
    var recordsInSizeRange: Double
    /// Raw bytes over lz4 bytes when consecutive message values are compressed in blocks of 512 KiB, the default
    /// batch size of the SLS producers.
    var lz4Ratio: Double

    init(_ corpus: Corpus) throws {
        messages = corpus.messages.count
        records = corpus.totalRecords
        bytes = corpus.totalBytes
        meanRecordsPerMessage = Double(records) / Double(max(messages, 1))
        maxRecordsPerMessage = corpus.messages.map(\.recordCount).max() ?? 0

        let sizes = corpus.recordSizes.sorted()
        minRecordBytes = sizes.first ?? 0
        medianRecordBytes = sizes.isEmpty ? 0 : sizes[sizes.count / 2]
        meanRecordBytes = Double(sizes.reduce(0, +)) / Double(max(sizes.count, 1))
        maxRecordBytes = sizes.last ?? 0
        recordsInSizeRange = Double(sizes.filter { (500...5000).contains($0) }.count) / Double(max(sizes.count, 1))
        lz4Ratio = try Self.lz4Ratio(corpus)
    }

    private static func lz4Ratio(_ corpus: Corpus) throws -> Double {
        let blockBytes = 512 * 1024
        var block: [UInt8] = []
        block.reserveCapacity(blockBytes + 300_000)
        var raw = 0
        var compressed = 0
        for (index, message) in corpus.messages.enumerated() {
            block.append(contentsOf: message.value)
            if block.count >= blockBytes || index == corpus.messages.count - 1 {
                raw += block.count
                compressed += try SLSCompressor.compress(block, using: .lz4).count
                block.removeAll(keepingCapacity: true)
            }
        }
        return Double(raw) / Double(max(compressed, 1))
    }
}
