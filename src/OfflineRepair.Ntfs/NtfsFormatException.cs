namespace OfflineRepair.Ntfs;

/// <summary>
/// A structure on the volume breaks a rule of the NTFS format. The message names the structure, where it is
/// (an MFT record number, a byte offset, an index block VCN) and the rule that failed, so a corrupt disk can be
/// reported without guessing.
/// </summary>
public sealed class NtfsFormatException : IOException
{
    public NtfsFormatException(string structure, string location, string problem)
        : base($"NTFS {structure} ({location}): {problem}")
    {
        Structure = structure;
        Location = location;
        Problem = problem;
    }

    public NtfsFormatException()
        : this("volume", "?", "corrupt")
    {
    }

    public NtfsFormatException(string message)
        : this("volume", "?", message)
    {
    }

    public NtfsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Structure = "volume";
        Location = "?";
        Problem = message;
    }

    /// <summary>The structure that failed, e.g. "MFT record", "runlist", "index block".</summary>
    public string Structure { get; }

    /// <summary>Where: "record 37", "offset 0x1000", "VCN 4 of record 5".</summary>
    public string Location { get; }

    public string Problem { get; }

    internal static NtfsFormatException Record(long recordNumber, string problem) =>
        new("MFT record", $"record {recordNumber}", problem);
}
