namespace OfflineRepair.Registry.Tests.Commit;

/// <summary>A clock that always says the same time, so two runs of the same edits give the same bytes.</summary>
public sealed class FixedClock : TimeProvider
{
    public static readonly FixedClock Default = new(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero));

    private readonly DateTimeOffset _now;

    public FixedClock(DateTimeOffset now)
    {
        _now = now;
    }

    public override DateTimeOffset GetUtcNow() => _now;
}
