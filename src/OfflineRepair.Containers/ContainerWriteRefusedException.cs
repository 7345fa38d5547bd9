namespace OfflineRepair.Containers;

/// <summary>
/// A write (or opening for writing) that this tool declines on purpose, because doing it safely
/// would need machinery it does not have: allocating a VHDX block, replaying a VHDX log onto the
/// file. Thrown before any byte of the write reaches the file, so the image is exactly as it was.
/// The message says why and what the user can do instead.
/// </summary>
public sealed class ContainerWriteRefusedException : IOException
{
    public ContainerWriteRefusedException(string location, string reason, string remedy)
        : base($"{location}: {reason}; {remedy}")
    {
        Location = location;
        Reason = reason;
        Remedy = remedy;
    }

    /// <summary>The container file the write was meant for.</summary>
    public string Location { get; }

    /// <summary>Why the write is declined, in the format's words.</summary>
    public string Reason { get; }

    /// <summary>What to do instead (convert the disk, attach it in Windows, ...).</summary>
    public string Remedy { get; }
}
