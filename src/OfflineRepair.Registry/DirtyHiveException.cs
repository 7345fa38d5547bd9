namespace OfflineRepair.Registry;

/// <summary>
/// A dirty hive (Windows did not finish writing it) with no transaction log that could bring it up
/// to date. Reading it as it is may show stale data, so it is refused unless forced.
/// </summary>
public sealed class DirtyHiveException : Exception
{
    public DirtyHiveException(string hive, uint primarySequence, uint secondarySequence, bool checksumValid)
        : base($"{hive} is dirty (sequence numbers {primarySequence}/{secondarySequence}{(checksumValid ? "" : ", bad header checksum")}) " +
               "and no usable transaction log (.LOG1/.LOG2/.LOG) was found beside it. Copy the logs next to the hive, " +
               "or use --force-dirty to read it as it is on disk (changes that only reached the logs are lost).")
    {
        Hive = hive;
    }

    public string Hive { get; }
}
