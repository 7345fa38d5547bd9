namespace OfflineRepair.Fat;

/// <summary>MS-DOS packed dates and times (local time, no zone; 2-second resolution, creation time refined by tenths).</summary>
internal static class DosDateTime
{
    public static DateTime? Decode(ushort date, ushort time = 0, byte tenths = 0)
    {
        if (date == 0)
        {
            return null;
        }

        int year = FatLayout.DosEpochYear + (date >> 9);
        int month = (date >> 5) & 0x0F;
        int day = date & 0x1F;
        int hour = time >> 11;
        int minute = (time >> 5) & 0x3F;
        int second = (time & 0x1F) * 2;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59 || tenths > 199)
        {
            return null;
        }

        return new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddMilliseconds(tenths * 10);
    }

    /// <summary>
    /// Packs a time (seconds rounded down to even, as DOS stores them). Times outside 1980-2107, which
    /// the format cannot hold, are clamped to its first or last representable moment.
    /// </summary>
    public static (ushort Date, ushort Time) Encode(DateTime value)
    {
        if (value.Year < FatLayout.DosEpochYear)
        {
            value = new DateTime(FatLayout.DosEpochYear, 1, 1);
        }
        else if (value.Year > FatLayout.DosLastYear)
        {
            value = new DateTime(FatLayout.DosLastYear, 12, 31, 23, 59, 58);
        }

        var date = (ushort)(((value.Year - FatLayout.DosEpochYear) << 9) | (value.Month << 5) | value.Day);
        var time = (ushort)((value.Hour << 11) | (value.Minute << 5) | (value.Second / 2));
        return (date, time);
    }
}
