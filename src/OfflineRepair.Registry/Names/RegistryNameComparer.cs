namespace OfflineRepair.Registry.Names;

/// <summary>
/// Compares key and value names the way the Windows configuration manager does: code unit by code
/// unit after folding each with <see cref="UpcaseTable"/>; a shorter prefix sorts first. This is the
/// order subkey lists must be kept in, and the equality lookups use.
/// </summary>
public sealed class RegistryNameComparer : IComparer<string>, IEqualityComparer<string>
{
    public static readonly RegistryNameComparer Instance = new();

    private RegistryNameComparer()
    {
    }

    public static int CompareNames(ReadOnlySpan<char> left, ReadOnlySpan<char> right)
    {
        int common = Math.Min(left.Length, right.Length);
        for (int i = 0; i < common; i++)
        {
            int difference = UpcaseTable.ToUpper(left[i]) - UpcaseTable.ToUpper(right[i]);
            if (difference != 0)
            {
                return difference;
            }
        }

        return left.Length - right.Length;
    }

    public static bool NamesEqual(ReadOnlySpan<char> left, ReadOnlySpan<char> right) =>
        left.Length == right.Length && CompareNames(left, right) == 0;

    /// <summary>The hash an lh list stores: h = h * 37 + upcase(unit) over UTF-16 code units, mod 2^32.</summary>
    public static uint LhHash(ReadOnlySpan<char> name)
    {
        uint hash = 0;
        foreach (char c in name)
        {
            hash = unchecked((hash * 37) + UpcaseTable.ToUpper(c));
        }

        return hash;
    }

    public int Compare(string? x, string? y) => CompareNames(x ?? "", y ?? "");

    public bool Equals(string? x, string? y) => NamesEqual(x ?? "", y ?? "");

    public int GetHashCode(string obj) => unchecked((int)LhHash(obj));
}
