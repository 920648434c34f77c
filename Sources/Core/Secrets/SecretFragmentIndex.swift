/// The registered secrets, indexed so that one pass over a text finds every piece of a secret that it holds.
///
/// Each secret's 8-byte windows are keys of a table. Any run of 8 or more bytes of a secret in the text, from
/// its start, middle or end, is found at one of its windows and then extended both ways as far as it matches. A run counts as a copy when it is the whole secret, when it is at least
/// ``SecretRedactor/minimumPartialCopyLength`` bytes long, or when a cut mark (`…` or `...`) touches it, as in
/// an excerpt that shortened a token. Secrets shorter than a window are only found whole.
struct SecretFragmentIndex: Sendable {
    /// The bytes a window covers, and the shortest piece the index can find.
    static let windowLength = 8

    private(set) var secrets: [[UInt8]] = []
    /// For each 8-byte window (read as a little-endian `UInt64`), where it occurs in which secret.
    private var windows: [UInt64: [Occurrence]] = [:]

    private struct Occurrence: Sendable {
        var secret: Int
        var offset: Int
    }

    mutating func add(_ secret: [UInt8]) {
        guard !secret.isEmpty, !secrets.contains(secret) else {
            return
        }
        let index = secrets.count
        secrets.append(secret)
        guard secret.count >= Self.windowLength else {
            return
        }
        for offset in 0...(secret.count - Self.windowLength) {
            windows[Self.window(secret, at: offset), default: []].append(Occurrence(secret: index, offset: offset))
        }
    }

    /// Removes `secret` and rebuilds the windows of the others. Costs time in proportion to all registered bytes,
    /// which is fine for the rare rotation of credentials.
    mutating func remove(_ secret: [UInt8]) {
        guard let position = secrets.firstIndex(of: secret) else {
            return
        }
        var remaining = secrets
        remaining.remove(at: position)
        self = SecretFragmentIndex()
        for kept in remaining {
            add(kept)
        }
    }

    /// Returns the byte ranges of `text` that are copies of a registered secret, in order and without overlap.
    func copies(in text: [UInt8], minimumPartialLength: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        for secret in secrets where secret.count < Self.windowLength {
            ranges += Self.wholeCopies(of: secret, in: text)
        }

        if text.count >= Self.windowLength, !windows.isEmpty {
            var position = 0
            while position <= text.count - Self.windowLength {
                guard let occurrences = windows[Self.window(text, at: position)] else {
                    position += 1
                    continue
                }
                var coveredUpTo = position
                for occurrence in occurrences {
                    let secret = secrets[occurrence.secret]
                    var start = position
                    var secretStart = occurrence.offset
                    while start > 0, secretStart > 0, text[start - 1] == secret[secretStart - 1] {
                        start -= 1
                        secretStart -= 1
                    }
                    var end = position + Self.windowLength
                    var secretEnd = occurrence.offset + Self.windowLength
                    while end < text.count, secretEnd < secret.count, text[end] == secret[secretEnd] {
                        end += 1
                        secretEnd += 1
                    }
                    let isWhole = secretStart == 0 && secretEnd == secret.count
                    let isCut = Self.hasCutMark(text, endingAt: start) || Self.hasCutMark(text, startingAt: end)
                    if isWhole || end - start >= minimumPartialLength || isCut {
                        ranges.append(start..<end)
                        coveredUpTo = max(coveredUpTo, end)
                    }
                }
                position = coveredUpTo > position ? coveredUpTo : position + 1
            }
        }
        return Self.merged(ranges)
    }

    /// Returns `ranges` sorted, with overlapping and touching ranges joined.
    static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }

    private static func window(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<windowLength {
            value |= UInt64(bytes[offset + index]) << (8 * index)
        }
        return value
    }

    private static func wholeCopies(of secret: [UInt8], in text: [UInt8]) -> [Range<Int>] {
        guard text.count >= secret.count else {
            return []
        }
        var ranges: [Range<Int>] = []
        var position = 0
        while position <= text.count - secret.count {
            if text[position] == secret[0], text[position..<(position + secret.count)].elementsEqual(secret) {
                ranges.append(position..<(position + secret.count))
                position += secret.count
            } else {
                position += 1
            }
        }
        return ranges
    }

    private static let ellipsis: [UInt8] = [0xE2, 0x80, 0xA6]
    private static let dots: [UInt8] = Array("...".utf8)

    /// Returns whether `…` or `...` ends right before `index`.
    private static func hasCutMark(_ text: [UInt8], endingAt index: Int) -> Bool {
        let before = text[..<index]
        return before.suffix(3).elementsEqual(ellipsis) || before.suffix(3).elementsEqual(dots)
    }

    /// Returns whether `…` or `...` starts at `index`.
    private static func hasCutMark(_ text: [UInt8], startingAt index: Int) -> Bool {
        let after = text[index...]
        return after.starts(with: ellipsis) || after.starts(with: dots)
    }
}
