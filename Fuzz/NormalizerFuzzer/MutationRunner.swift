import Foundation

/// The fallback fuzzer for toolchains without libFuzzer: seeded random mutations of the seed files, run
/// for a bounded time.
///
/// Usage: `fuzz-normalizer-mutation SECONDS SEED_DIRECTORY [RANDOM_SEED]`. Each round takes a seed, applies
/// 1 to 8 mutations (flip, insert or delete bytes, insert JSON tokens, splice two seeds, gzip-like
/// headers), and checks the invariants. An input that takes longer than 10 seconds counts as a hang: the
/// runner writes it to `hang-input` and exits with status 2. A crash leaves the current input in
/// `current-input` for reproduction.
@main
struct MutationRunner {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 3, let seconds = Double(arguments[1]) else {
            FileHandle.standardError.write(Data("usage: fuzz-normalizer-mutation SECONDS SEED_DIRECTORY [RANDOM_SEED]\n".utf8))
            exit(2)
        }
        let seeds = try FileManager.default.contentsOfDirectory(atPath: arguments[2]).sorted().map { name in
            Array(try Data(contentsOf: URL(fileURLWithPath: arguments[2]).appendingPathComponent(name)))
        }
        var random = SplitMix(seed: arguments.count > 3 ? UInt64(arguments[3]) ?? 1 : 1)
        let deadline = Date().addingTimeInterval(seconds)
        let watchdog = Watchdog()
        var rounds = 0

        while Date() < deadline {
            var input = seeds.isEmpty ? [] : seeds[Int(random.next() % UInt64(seeds.count))]
            for _ in 0..<(1 + Int(random.next() % 8)) {
                mutate(&input, seeds: seeds, random: &random)
            }
            try Data(input).write(to: URL(fileURLWithPath: "current-input"))
            watchdog.arm(input)
            input.withUnsafeBufferPointer { NormalizerInvariants.check($0) }
            watchdog.disarm()
            rounds += 1
        }
        print("fuzz-normalizer-mutation: \(rounds) inputs in \(Int(seconds)) seconds, no failure")
        try? FileManager.default.removeItem(atPath: "current-input")
    }

    private static let tokens: [[UInt8]] = [
        "{", "}", "[", "]", "\"", "'", ":", ",", "\\", "\\u", "\\ud800", "\n", "\r\n", "\u{0}", "null", "true",
        "{\"records\":[", "]}", "\"time\":", "\"1772359200\"", "1772359200123", "\"3/1/2026 10:00:00 AM\"",
        "\"properties\":\"{", "\"category\":\"NetworkSecurityGroupFlowEvent\"", "\"flowTuples\":[\"",
        "\"level\":", "\"callerIpAddress\":\"[2001:db8::1]:443\"", "\u{FEFF}",
    ].map { Array($0.utf8) } + [[0x1F, 0x8B, 0x08, 0x00], [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xA1, 0x05]]

    private static func mutate(_ input: inout [UInt8], seeds: [[UInt8]], random: inout SplitMix) {
        let position = input.isEmpty ? 0 : Int(random.next() % UInt64(input.count + 1))
        switch random.next() % 6 {
        case 0 where !input.isEmpty:
            input[min(position, input.count - 1)] ^= UInt8(truncatingIfNeeded: random.next() | 1)
        case 1:
            input.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
        case 2 where !input.isEmpty:
            let end = min(input.count, position + 1 + Int(random.next() % 16))
            input.removeSubrange(min(position, input.count - 1)..<end)
        case 3:
            input.insert(contentsOf: tokens[Int(random.next() % UInt64(tokens.count))], at: position)
        case 4 where !seeds.isEmpty:
            let other = seeds[Int(random.next() % UInt64(seeds.count))]
            let cut = other.isEmpty ? 0 : Int(random.next() % UInt64(other.count))
            input = Array(input[..<position]) + Array(other[cut...])
        default:
            input.append(contentsOf: tokens[Int(random.next() % UInt64(tokens.count))])
        }
    }
}

/// SplitMix64, so that a run repeats for the same seed.
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// Stops the process when one input runs longer than 10 seconds.
final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var armedAt: Date?
    private var input: [UInt8] = []

    init() {
        let thread = Thread { [unowned self] in
            while true {
                Thread.sleep(forTimeInterval: 1)
                self.lock.lock()
                let started = self.armedAt
                let input = self.input
                self.lock.unlock()
                if let started, Date().timeIntervalSince(started) > 10 {
                    try? Data(input).write(to: URL(fileURLWithPath: "hang-input"))
                    FileHandle.standardError.write(Data("fuzz-normalizer-mutation: input took over 10 s, written to hang-input\n".utf8))
                    exit(2)
                }
            }
        }
        thread.start()
    }

    func arm(_ input: [UInt8]) {
        lock.lock()
        armedAt = Date()
        self.input = input
        lock.unlock()
    }

    func disarm() {
        lock.lock()
        armedAt = nil
        lock.unlock()
    }
}
