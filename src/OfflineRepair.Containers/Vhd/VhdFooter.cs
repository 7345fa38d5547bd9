using System.Buffers.Binary;
using System.Text;

namespace OfflineRepair.Containers.Vhd;

/// <summary>The 512-byte VHD footer (hard disk footer), verified and decoded.</summary>
internal sealed class VhdFooter
{
    private const string Structure = "VHD footer";
    private readonly byte[] raw;

    private VhdFooter(byte[] raw, uint diskType, ulong dataOffset, long currentSize, Guid uniqueId, string creatorApplication, uint timestamp)
    {
        this.raw = raw;
        DiskType = diskType;
        DataOffset = dataOffset;
        CurrentSize = currentSize;
        UniqueId = uniqueId;
        CreatorApplication = creatorApplication;
        Timestamp = timestamp;
    }

    public uint DiskType { get; }

    /// <summary>Offset of the dynamic header; all ones for a fixed disk.</summary>
    public ulong DataOffset { get; }

    public long CurrentSize { get; }

    public Guid UniqueId { get; }

    public string CreatorApplication { get; }

    public uint Timestamp { get; }

    /// <summary>
    /// The 512 bytes as read. A dynamic VHD that grows moves its footer by writing these bytes
    /// again, so fields and reserved bytes we do not interpret stay exactly as their writer left them.
    /// </summary>
    public ReadOnlySpan<byte> Raw => raw;

    public static bool HasCookie(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 8 && bytes[..8].SequenceEqual(VhdLayout.FooterCookie);

    /// <summary>Decodes a footer read at fileOffset; throws naming the field that fails.</summary>
    public static VhdFooter Parse(ReadOnlySpan<byte> raw, long fileOffset)
    {
        if (raw.Length < VhdLayout.FooterSize)
        {
            throw new ContainerFormatException(Structure, fileOffset, $"only {raw.Length} bytes, 512 needed");
        }

        raw = raw[..VhdLayout.FooterSize];
        if (!HasCookie(raw))
        {
            throw new ContainerFormatException(Structure, fileOffset, "cookie is not \"conectix\"");
        }

        var stored = BinaryPrimitives.ReadUInt32BigEndian(raw[VhdLayout.FooterChecksumOffset..]);
        var computed = VhdChecksum.Compute(raw, VhdLayout.FooterChecksumOffset);
        if (stored != computed)
        {
            throw new ContainerFormatException(Structure, fileOffset + VhdLayout.FooterChecksumOffset, $"checksum mismatch: stored 0x{stored:X8}, computed 0x{computed:X8}");
        }

        var version = BinaryPrimitives.ReadUInt32BigEndian(raw[VhdLayout.FooterVersionOffset..]);
        if (version >> 16 != 1)
        {
            throw new ContainerFormatException(Structure, fileOffset + VhdLayout.FooterVersionOffset, $"unsupported file format version 0x{version:X8} (major version 1 expected)");
        }

        var diskType = BinaryPrimitives.ReadUInt32BigEndian(raw[VhdLayout.FooterDiskTypeOffset..]);
        if (diskType is not (VhdLayout.DiskTypeFixed or VhdLayout.DiskTypeDynamic or VhdLayout.DiskTypeDifferencing))
        {
            throw new ContainerFormatException(Structure, fileOffset + VhdLayout.FooterDiskTypeOffset, $"unknown disk type {diskType} (2 fixed, 3 dynamic, 4 differencing expected)");
        }

        var currentSize = BinaryPrimitives.ReadUInt64BigEndian(raw[VhdLayout.FooterCurrentSizeOffset..]);
        if (currentSize == 0 || currentSize > VhdLayout.MaxVirtualSize || currentSize % VhdLayout.SectorSize != 0)
        {
            throw new ContainerFormatException(Structure, fileOffset + VhdLayout.FooterCurrentSizeOffset, $"current size {currentSize} is not a positive multiple of 512 up to 2 TiB");
        }

        var dataOffset = BinaryPrimitives.ReadUInt64BigEndian(raw[VhdLayout.FooterDataOffsetOffset..]);
        var uniqueId = new Guid(raw.Slice(VhdLayout.FooterUniqueIdOffset, 16), bigEndian: true);
        var creator = Encoding.ASCII.GetString(raw.Slice(VhdLayout.FooterCreatorAppOffset, 4)).Replace('\0', ' ');
        var timestamp = BinaryPrimitives.ReadUInt32BigEndian(raw[VhdLayout.FooterTimestampOffset..]);
        return new VhdFooter(raw.ToArray(), diskType, dataOffset, (long)currentSize, uniqueId, creator, timestamp);
    }
}
