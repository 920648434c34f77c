import SLS

/// Generated Kafka message values in the shape Azure diagnostic settings send to Event Hubs: each value is a
/// `{"records":[...]}` envelope with 1 to 50 records of one category and one resource.
///
/// The same seed and size give the same bytes on every run. Every record carries a `correlationId` whose last
/// 12 hex digits are the index of its message, so that a receiver can tell which message a log came from.
struct Corpus {
    struct Message {
        var value: [UInt8]
        var recordCount: Int
        var family: RecordFamily
    }

    var messages: [Message]
    /// Sizes of the records as compact JSON, in bytes, in generation order.
    var recordSizes: [Int]

    var totalBytes: Int { messages.reduce(0) { $0 + $1.value.count } }
    var totalRecords: Int { recordSizes.count }

    /// The first event time of the corpus: 2026-03-01T00:00:00Z.
    static let startTime = CorpusTime(seconds: 1_772_323_200)

    /// Generates messages until their values add up to at least `targetBytes` bytes.
    static func generate(seed: UInt64, targetBytes: Int) -> Corpus {
        var values = AzureValues(seed: seed)
        var messages: [Message] = []
        var recordSizes: [Int] = []
        var totalBytes = 0

        while totalBytes < targetBytes {
            let index = messages.count
            let family = RecordFamily.pick(&values.random)
            let scope = family.makeScope(&values)
            let recordCount = Self.recordCount(&values.random)
            var time = startTime.adding(milliseconds: index * 250)

            var message = JSONWriter(reservingCapacity: recordCount * 1600)
            message.object { envelope in
                envelope.field("records", array: { records in
                    for _ in 0..<recordCount {
                        time = time.adding(ticks: Int64(values.random.int(in: 1...4_000_000)))
                        let input = RecordInput(time: time, correlationID: values.correlationID(messageIndex: index))
                        var record = JSONWriter(reservingCapacity: 2048)
                        family.write(input, scope: scope, into: &record, values: &values)
                        recordSizes.append(record.bytes.count)
                        records.element(rawJSON: record.bytes)
                    }
                })
            }
            messages.append(Message(value: message.bytes, recordCount: recordCount, family: family))
            totalBytes += message.bytes.count
        }
        return Corpus(messages: messages, recordSizes: recordSizes)
    }

    /// 1 to 50 records, skewed towards small messages (mean about 17), as diagnostic settings batch them.
    private static func recordCount(_ random: inout SeededRandom) -> Int {
        let unit = random.unit()
        return 1 + Int(49 * unit * unit)
    }
}
