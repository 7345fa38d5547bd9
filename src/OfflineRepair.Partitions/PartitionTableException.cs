namespace OfflineRepair.Partitions;

/// <summary>
/// The one exception a malformed partition table raises: it names the structure that broke a rule,
/// its byte offset on the disk, and the rule.
/// </summary>
public sealed class PartitionTableException : Exception
{
    public PartitionTableException(string structure, long offset, string problem)
        : base($"{structure} at disk offset 0x{offset:X}: {problem}")
    {
        Structure = structure;
        Offset = offset;
        Problem = problem;
    }

    public PartitionTableException(string structure, long offset, string problem, Exception inner)
        : base($"{structure} at disk offset 0x{offset:X}: {problem}", inner)
    {
        Structure = structure;
        Offset = offset;
        Problem = problem;
    }

    /// <summary>The structure that is wrong, e.g. "MBR", "EBR", "GPT header", "GPT partition entry 3".</summary>
    public string Structure { get; }

    /// <summary>Byte offset of the structure on the disk.</summary>
    public long Offset { get; }

    public string Problem { get; }
}
