namespace OfflineRepair.Ntfs;

/// <summary>
/// The volume's $UpCase (file 10): the uppercase form of every UTF-16 code unit. Windows compares file names
/// through this table (not through the culture of the reading machine), so we do too.
/// </summary>
public sealed class UpcaseTable
{
    private readonly char[] table;

    public UpcaseTable(ReadOnlySpan<byte> bytes)
    {
        // A short or missing table maps the remaining code units to themselves rather than failing: names still compare.
        table = new char[NtfsLayout.Limits.UpcaseEntries];
        var count = Math.Min(table.Length, bytes.Length / 2);
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = i < count ? (char)(bytes[2 * i] | (bytes[(2 * i) + 1] << 8)) : (char)i;
        }
    }

    public char ToUpper(char c) => table[c];

    /// <summary>Case-insensitive ordinal comparison under this table (the FILE_NAME collation's first key).</summary>
    public int Compare(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            var x = table[a[i]];
            var y = table[b[i]];
            if (x != y)
            {
                return x < y ? -1 : 1;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    public bool NamesEqual(ReadOnlySpan<char> a, ReadOnlySpan<char> b) => a.Length == b.Length && Compare(a, b) == 0;
}
