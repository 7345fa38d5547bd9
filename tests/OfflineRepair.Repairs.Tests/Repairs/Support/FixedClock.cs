namespace OfflineRepair.Repairs.Tests.Repairs.Support;

/// <summary>A clock stopped at one moment, so "expired" does not depend on the day the tests run.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static FixedClock Default { get; } = new(Now);

    public override DateTimeOffset GetUtcNow() => now;
}
