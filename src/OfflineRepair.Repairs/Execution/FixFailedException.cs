namespace OfflineRepair.Repairs.Execution;

/// <summary>
/// A fix failed after its backup began. The message says exactly which target files were written
/// (none, some, or possibly partly) and how to put them back with <c>restore --from</c>.
/// </summary>
public sealed class FixFailedException : Exception
{
    public FixFailedException(string message, string? backupDirectory, IReadOnlyList<string> filesWritten, IReadOnlyList<string> filesPossiblyPartlyWritten, Exception? inner)
        : base(message, inner)
    {
        BackupDirectory = backupDirectory;
        FilesWritten = filesWritten;
        FilesPossiblyPartlyWritten = filesPossiblyPartlyWritten;
    }

    /// <summary>The backup folder (null when it could not be made).</summary>
    public string? BackupDirectory { get; }

    /// <summary>Target paths written completely.</summary>
    public IReadOnlyList<string> FilesWritten { get; }

    /// <summary>Target paths whose writing began and did not finish.</summary>
    public IReadOnlyList<string> FilesPossiblyPartlyWritten { get; }

    public bool NothingWritten => FilesWritten.Count == 0 && FilesPossiblyPartlyWritten.Count == 0;
}
