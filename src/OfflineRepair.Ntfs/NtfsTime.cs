namespace OfflineRepair.Ntfs;

/// <summary>NTFS times are FILETIMEs: 100 ns ticks since 1601-01-01 UTC.</summary>
internal static class NtfsTime
{
    public static DateTime FromFileTime(long value)
    {
        // A hostile value outside DateTime's range must not throw: clamp it, the time is informative only.
        if (value <= 0)
        {
            return DateTime.FromFileTimeUtc(0);
        }

        if (value > DateTime.MaxValue.ToFileTimeUtc())
        {
            return DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc);
        }

        return DateTime.FromFileTimeUtc(value);
    }
}
