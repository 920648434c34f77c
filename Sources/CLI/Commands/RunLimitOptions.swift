import Bridge

/// The `--max-records` and `--duration` options that `run` and `dry-run` share.
enum RunLimitOptions {
    /// Returns the two options, with `maxRecordsHelp` saying when the command exits after its last record.
    static func specifications(maxRecordsHelp: String) -> [OptionSpecification] {
        [
            OptionSpecification("max-records", .value(placeholder: "N"), help: maxRecordsHelp),
            OptionSpecification("duration", .value(placeholder: "D"), help: "Stop reading after D, such as 90s, 1m30s, 10m or 2h; a number alone is seconds."),
        ]
    }

    /// Returns the limits the options give, none when neither is set. Throws a usage error for a value that is
    /// not a positive whole number or a duration, and when both options are set.
    static func limits(_ arguments: ParsedArguments) throws(UsageError) -> RunLimits {
        let maxRecords = try arguments.positiveInteger("max-records")
        let duration = try arguments.value("duration").map { text throws(UsageError) in
            try CommandLineTime.milliseconds(text, option: "duration")
        }
        if maxRecords != nil, duration != nil {
            throw UsageError("give either --max-records or --duration, not both.")
        }
        return RunLimits(maxRecords: maxRecords, durationMilliseconds: duration)
    }
}
