namespace OfflineRepair.Registry;

/// <summary>
/// The one exception a malformed hive raises: it names the structure that broke a rule and where.
/// </summary>
public sealed class HiveFormatException : Exception
{
    public HiveFormatException(string structure, long offset, string problem)
        : base($"{structure} at offset 0x{offset:X}: {problem}")
    {
        Structure = structure;
        Offset = offset;
        Problem = problem;
    }

    public HiveFormatException(string structure, long offset, string problem, Exception inner)
        : base($"{structure} at offset 0x{offset:X}: {problem}", inner)
    {
        Structure = structure;
        Offset = offset;
        Problem = problem;
    }

    /// <summary>The structure that is wrong, e.g. "base block", "key node", "lh list".</summary>
    public string Structure { get; }

    /// <summary>File offset of the structure (cell offsets are reported as file offsets: 4096 + cell offset).</summary>
    public long Offset { get; }

    public string Problem { get; }
}
