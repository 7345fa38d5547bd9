namespace OfflineRepair.Ntfs;

/// <summary>
/// The writer will not change this volume or this file, and has written nothing for the request it refuses.
/// The message says why and what to do (for example: "the volume is marked dirty: run `chkdsk /f` on it from
/// the recovery VM (or boot Windows once), then try again"), so it can be shown to the user as it is.
/// </summary>
public sealed class NtfsWriteRefusedException : IOException
{
    public NtfsWriteRefusedException()
        : base("the NTFS volume cannot be written safely")
    {
    }

    public NtfsWriteRefusedException(string message)
        : base(message)
    {
    }

    public NtfsWriteRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
