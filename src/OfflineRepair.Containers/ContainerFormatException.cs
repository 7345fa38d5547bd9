namespace OfflineRepair.Containers;

/// <summary>
/// A container file is malformed, truncated or unsupported. Names the on-disk structure, the file
/// offset where the problem was found and the rule that failed, so a user can tell a damaged
/// download from a bug.
/// </summary>
public class ContainerFormatException : IOException
{
    public ContainerFormatException(string structure, long offset, string problem)
        : base($"{structure} at offset {offset} (0x{offset:X}): {problem}")
    {
        Structure = structure;
        Offset = offset;
        Problem = problem;
    }

    public ContainerFormatException(string structure, long offset, string problem, Exception inner)
        : base($"{structure} at offset {offset} (0x{offset:X}): {problem}", inner)
    {
        Structure = structure;
        Offset = offset;
        Problem = problem;
    }

    /// <summary>The structure that failed a check, in the specification's words ("VHD footer", "VHDX header").</summary>
    public string Structure { get; }

    /// <summary>Offset in the container file of the structure (or of the field) that failed.</summary>
    public long Offset { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }
}
