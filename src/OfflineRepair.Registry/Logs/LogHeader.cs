using OfflineRepair.Registry.Format;

namespace OfflineRepair.Registry.Logs;

/// <summary>
/// The first sector (512 bytes) of a log file: a copy of the hive's in-memory base block taken when
/// the log was written, with its own file type and checksum. A log whose header fails any check is
/// unusable as a whole, because nothing else in the file can be trusted to belong to this hive.
/// </summary>
internal sealed class LogHeader
{
    public const int Size = 512;

    private LogHeader(HiveLogFile file)
    {
        File = file;
        var block = file.Data.AsSpan(0, Size);
        Sequence = BaseBlock.PrimarySequence(block);
        Timestamp = BaseBlock.Timestamp(block);
        HiveBinsSize = BaseBlock.HiveBinsSize(block);
        FileType = BaseBlock.FileType(block);
    }

    public HiveLogFile File { get; }

    public string Name => File.Name;

    public byte[] Data => File.Data;

    /// <summary>The log's sequence number (primary and secondary are equal in a usable log).</summary>
    public uint Sequence { get; }

    public long Timestamp { get; }

    public uint HiveBinsSize { get; }

    public uint FileType { get; }

    public ReadOnlySpan<byte> Block => File.Data.AsSpan(0, Size);

    /// <summary>
    /// The header of a usable log of the given file type, or null. Checks what Windows checks before
    /// trusting a log: signature, checksum, both sequence numbers equal (the log write completed),
    /// version, type, format, clustering factor and a plausible hive bins size.
    /// </summary>
    public static LogHeader? TryRead(HiveLogFile file, uint expectedFileType, long maxHiveBinsSize)
    {
        var data = file.Data;
        if (data is null || data.Length < Size)
        {
            return null;
        }

        var block = data.AsSpan(0, Size);
        if (!BaseBlock.HasSignature(block) || !BaseBlock.ChecksumIsValid(block))
        {
            return null;
        }

        // A log whose two numbers differ was itself torn while being written.
        if (BaseBlock.PrimarySequence(block) != BaseBlock.SecondarySequence(block))
        {
            return null;
        }

        uint minor = BaseBlock.MinorVersion(block);
        if (BaseBlock.MajorVersion(block) != 1 || minor < 3 || minor > 6)
        {
            return null;
        }

        if (BaseBlock.FileType(block) != expectedFileType || BaseBlock.FileFormat(block) != 1)
        {
            return null;
        }

        // Sector-granular layouts (old-format dirty vector) assume 512-byte sectors; Windows itself
        // refuses other clustering factors.
        if (BaseBlock.ClusteringFactor(block) != 1)
        {
            return null;
        }

        uint binsSize = BaseBlock.HiveBinsSize(block);
        if (binsSize == 0 || binsSize % HiveBinHeader.PageSize != 0 || binsSize > maxHiveBinsSize)
        {
            return null;
        }

        return new LogHeader(file);
    }
}
