namespace OfflineRepair.Fat;

/// <summary>
/// The volume breaks a rule of the FAT format. The message names the structure (boot sector, FAT,
/// directory, cluster chain), the byte offset in the volume where it was found, and what is wrong,
/// so a corrupt ESP is reported instead of guessed at.
/// </summary>
public sealed class FatFormatException : Exception
{
    public FatFormatException(string structure, long offset, string problem)
        : base($"FAT {structure} at volume offset 0x{offset:X}: {problem}")
    {
        Structure = structure;
        Offset = offset;
        Problem = problem;
    }

    public string Structure { get; }

    public long Offset { get; }

    public string Problem { get; }
}
