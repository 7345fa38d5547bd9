namespace OfflineRepair.Fat;

/// <summary>
/// Opening a file for writing (or growing it) was declined on purpose: the volume was opened
/// read-only, the path is a folder, the file's cluster chain is damaged, the volume is full. Thrown
/// before any byte of that operation reaches the volume, so the volume is as it was. A damaged
/// chain is left for fsck.fat or chkdsk: writing over it would spread the damage.
/// </summary>
public sealed class FatWriteRefusedException : IOException
{
    public FatWriteRefusedException(string path, string reason, Exception? innerException = null)
        : base($"cannot write {path} on the FAT volume: {reason}", innerException)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The file the write was meant for.</summary>
    public string Path { get; }

    /// <summary>Why it is declined.</summary>
    public string Reason { get; }
}
