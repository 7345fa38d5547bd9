namespace OfflineRepair.Fat;

/// <summary>
/// The entries of one directory, parsed from its bytes: deleted entries, "." and "..", and the volume
/// label are left out; long names are joined to their short entries.
/// </summary>
internal sealed class FatDirectory
{
    private FatDirectory(IReadOnlyList<FatDirectoryEntry> entries, string? volumeLabel)
    {
        Entries = entries;
        VolumeLabel = volumeLabel;
    }

    public IReadOnlyList<FatDirectoryEntry> Entries { get; }

    /// <summary>The label entry's name (root directory only, attribute VolumeId).</summary>
    public string? VolumeLabel { get; }

    /// <param name="data">The directory's bytes (whole entries).</param>
    /// <param name="volumeOffsetOf">Maps an offset in <paramref name="data"/> to its offset in the volume.</param>
    public static FatDirectory Parse(ReadOnlySpan<byte> data, Func<int, long> volumeOffsetOf, FatType type)
    {
        var entries = new List<FatDirectoryEntry>();
        var longName = new LongFileName();
        string? label = null;
        for (int at = 0; at + FatLayout.DirectoryEntrySize <= data.Length; at += FatLayout.DirectoryEntrySize)
        {
            var entry = data.Slice(at, FatLayout.DirectoryEntrySize);
            byte first = entry[FatLayout.NameOffset];
            if (first == FatLayout.EndOfDirectoryMarker)
            {
                break;
            }

            if (first == FatLayout.DeletedMarker)
            {
                longName.Reset();
                continue;
            }

            var attributes = (FatAttributes)entry[FatLayout.AttributesOffset];
            if ((attributes & (FatAttributes.LongName | FatAttributes.Directory | FatAttributes.Archive)) == FatAttributes.LongName)
            {
                longName.Add(entry);
                continue;
            }

            if ((attributes & FatAttributes.VolumeId) != 0)
            {
                // A label entry is not a file; a long-name run before it is not its name either.
                longName.Reset();
                label ??= ShortName.DecodeOem(entry[..FatLayout.ShortNameLength]).TrimEnd(' ');
                continue;
            }

            string? name = longName.Complete(entry);
            if (IsDotEntry(entry))
            {
                continue;
            }

            entries.Add(FatDirectoryEntry.Parse(entry, name, volumeOffsetOf(at), type));
        }

        return new FatDirectory(entries, label);
    }

    /// <summary>"." or "..": the links to this folder and its parent, which a listing leaves out.</summary>
    private static bool IsDotEntry(ReadOnlySpan<byte> entry) =>
        entry[0] == (byte)'.'
        && (entry[1] == (byte)' ' || (entry[1] == (byte)'.' && entry[2] == (byte)' '))
        && entry[3..FatLayout.ShortNameLength].IndexOfAnyExcept((byte)' ') < 0;
}
