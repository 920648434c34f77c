import Foundation
import Kafka

/// The machine and software a result was measured on.
struct MachineInfo {
    var cpuModel: String
    var cores: Int
    /// Total memory in GiB (2³⁰ bytes).
    var memoryGiB: Double
    var kernel: String
    var librdkafka: String

    static func current() -> MachineInfo {
        let cpuInfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuInfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"

        let memInfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let memoryKiB = memInfo.split(separator: "\n").first { $0.hasPrefix("MemTotal:") }
            .flatMap { $0.split(separator: " ").dropFirst().first }
            .flatMap { Double($0) } ?? 0

        var names = utsname()
        uname(&names)
        let release = withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }

        return MachineInfo(
            cpuModel: model, cores: ProcessInfo.processInfo.activeProcessorCount,
            memoryGiB: memoryKiB / 1_048_576, kernel: "Linux \(release)", librdkafka: KafkaLibrary.version
        )
    }
}
