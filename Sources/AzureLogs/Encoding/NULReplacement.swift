/// The replacement of NUL characters, which C consumers of a Logstore take as the end of a text.
enum NULReplacement {
    /// Returns `text` with each NUL character replaced by U+FFFD, and the number replaced.
    static func replacingNUL(in text: String) -> (text: String, count: Int) {
        guard text.utf8.contains(0) else {
            return (text, 0)
        }
        var count = 0
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\0" {
                count += 1
                scalars.append("\u{FFFD}")
            } else {
                scalars.append(scalar)
            }
        }
        return (String(scalars), count)
    }
}
