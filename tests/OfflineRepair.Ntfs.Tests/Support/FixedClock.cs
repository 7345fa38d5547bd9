using System.Globalization;

namespace OfflineRepair.Ntfs.Tests.Support;

/// <summary>A clock that always says the same instant, so the times the writer stamps can be checked.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    /// <summary>How ntfsinfo prints a time (C's asctime, day padded with a space, then " UTC").</summary>
    public string AsNtfsInfoPrints()
    {
        var t = Now.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{t:ddd MMM} {t.Day,2} {t:HH:mm:ss yyyy} UTC");
    }
}
