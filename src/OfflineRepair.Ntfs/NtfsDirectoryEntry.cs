namespace OfflineRepair.Ntfs;

/// <summary>A name in a directory listing, with what the directory's index says about the file.</summary>
public sealed record NtfsDirectoryEntry(string Name, long RecordNumber, ushort SequenceNumber, FileNameAttribute FileName)
{
    public bool IsDirectory => FileName.IsDirectory;

    /// <summary>Size as recorded in the index entry (Windows keeps it current; the file's $DATA is authoritative).</summary>
    public long Length => FileName.DataSize;
}
