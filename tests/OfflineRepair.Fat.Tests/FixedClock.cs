namespace OfflineRepair.Fat.Tests;

/// <summary>A clock that always says the same moment, so the times a writer stamps can be checked.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset Moment = new(2031, 7, 15, 13, 45, 27, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => now;
}
