/// The time over which records read from several partitions were written to the hub.
///
/// A reader that catches up on a backlog reads in minutes what was written over hours, so rates over the time of
/// reading would overstate the traffic. Each partition gives a rate: its bytes over the span of its record times.
/// The window is all those bytes over the sum of the rates, so that partitions read to different depths each
/// count at their own rate.
public enum RecordTimeWindow {
    /// Returns the window in milliseconds for partitions with `bytes` of records written over `milliseconds`
    /// each, or nil when no partition has bytes over a span longer than zero.
    ///
    /// Each span counts as at least `minimumSpanMilliseconds`, the time the records were read over. A partition
    /// whose few records came in a burst of milliseconds would otherwise give a rate that dwarfs the others and
    /// shrink a day of backlog to under a second.
    public static func milliseconds(
        _ partitions: [(bytes: Int64, milliseconds: Int64)], minimumSpanMilliseconds: Int64 = 0
    ) -> Int64? {
        var bytes = 0.0
        var bytesPerMillisecond = 0.0
        for partition in partitions where partition.bytes > 0 {
            let span = max(partition.milliseconds, minimumSpanMilliseconds)
            guard span > 0 else { continue }
            bytes += Double(partition.bytes)
            bytesPerMillisecond += Double(partition.bytes) / Double(span)
        }
        guard bytesPerMillisecond > 0 else {
            return nil
        }
        return Int64((bytes / bytesPerMillisecond).rounded())
    }
}
