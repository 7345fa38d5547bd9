namespace OfflineRepair.Fat.Tests;

/// <summary>Whole-image comparisons: where two images differ, and whether all of that lies where a write may touch.</summary>
internal static class ImageComparison
{
    /// <summary>Fails naming the first byte that differs outside <paramref name="allowed"/> (start, length) ranges.</summary>
    public static void AssertChangedOnlyIn(byte[] before, byte[] after, IEnumerable<(long Start, long Length)> allowed, string what)
    {
        Assert.Equal(before.Length, after.Length);
        long at = 0;
        foreach (var (start, length) in allowed.Where(r => r.Length > 0).OrderBy(r => r.Start).Append((before.Length, 0)))
        {
            if (start > at)
            {
                AssertSame(before, after, at, start - at, what);
            }

            at = Math.Max(at, start + length);
        }
    }

    public static void AssertSame(byte[] before, byte[] after, long start, long length, string what)
    {
        var a = before.AsSpan((int)start, (int)length);
        var b = after.AsSpan((int)start, (int)length);
        int mismatch = a.CommonPrefixLength(b);
        Assert.True(mismatch == a.Length, $"{what}: byte 0x{start + mismatch:X} changed (0x{(mismatch < a.Length ? a[mismatch] : 0):X2} → 0x{(mismatch < b.Length ? b[mismatch] : 0):X2}) outside the regions the write may touch");
    }

    public static bool Same(byte[] a, byte[] b, long start, long length) =>
        a.AsSpan((int)start, (int)length).SequenceEqual(b.AsSpan((int)start, (int)length));
}
