namespace OfflineRepair.Registry.Tests.Oracles;

/// <summary>A clock that always says the same time, so key timestamps written by an edit can be checked.</summary>
internal sealed class FixedClock : TimeProvider
{
    public static readonly DateTime Time = new(2025, 3, 14, 15, 9, 26, DateTimeKind.Utc);

    public override DateTimeOffset GetUtcNow() => new(Time);
}
