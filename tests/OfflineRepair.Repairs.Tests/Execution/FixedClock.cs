namespace OfflineRepair.Repairs.Tests.Execution;

/// <summary>A clock stopped at one instant, in UTC, so folder names and manifests are predictable.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static readonly FixedClock Default = new(new DateTimeOffset(2024, 5, 1, 10, 20, 30, TimeSpan.Zero));

    public override DateTimeOffset GetUtcNow() => now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
