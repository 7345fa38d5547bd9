namespace OfflineRepair.Fat.Tests;

public sealed class DosDateTimeTests
{
    [Theory]
    [InlineData(1980, 1, 1, 0, 0, 0)]
    [InlineData(2031, 7, 15, 13, 45, 26)]
    [InlineData(2107, 12, 31, 23, 59, 58)]
    [InlineData(2024, 2, 29, 12, 0, 2)]
    public void Encoding_decodes_back(int year, int month, int day, int hour, int minute, int second)
    {
        var value = new DateTime(year, month, day, hour, minute, second);
        var (date, time) = DosDateTime.Encode(value);
        Assert.Equal(value, DosDateTime.Decode(date, time));
    }

    [Fact]
    public void Odd_seconds_round_down_and_years_outside_the_format_clamp()
    {
        var (date, time) = DosDateTime.Encode(new DateTime(2031, 7, 15, 13, 45, 27, 900));
        Assert.Equal(new DateTime(2031, 7, 15, 13, 45, 26), DosDateTime.Decode(date, time));
        (date, time) = DosDateTime.Encode(new DateTime(1970, 1, 1));
        Assert.Equal(new DateTime(1980, 1, 1), DosDateTime.Decode(date, time));
        (date, time) = DosDateTime.Encode(new DateTime(2200, 6, 1));
        Assert.Equal(new DateTime(2107, 12, 31, 23, 59, 58), DosDateTime.Decode(date, time));
    }
}
