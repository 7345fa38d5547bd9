namespace OfflineRepair.Registry.Logs;

/// <summary>
/// Comparisons of 32-bit hive sequence numbers. They count writes and may wrap past 0xFFFFFFFF, so
/// "earlier" means "less than half the number space behind" (serial-number arithmetic), not "smaller".
/// </summary>
internal static class SequenceNumber
{
    public static bool IsBefore(uint a, uint b) => unchecked((int)(a - b)) < 0;

    public static bool IsAtOrAfter(uint a, uint b) => !IsBefore(a, b);
}
