using System.Globalization;

namespace OfflineRepair.Partitions;

/// <summary>One partition of a disk: where it is, what type it says it is, and a window to read it.</summary>
public sealed class Partition
{
    internal Partition()
    {
    }

    /// <summary>1-based number as sfdisk and sgdisk give it: MBR slots 1-4, logical partitions from 5; GPT entry slot + 1.</summary>
    public int Index { get; init; }

    /// <summary>Byte offset of the first byte on the disk.</summary>
    public long Offset { get; init; }

    /// <summary>Length in bytes.</summary>
    public long Length { get; init; }

    /// <summary>Readable type ("NTFS/basic data", "EFI System", ...; see <see cref="PartitionTypes"/>), or the raw id when unknown.</summary>
    public required string TypeName { get; init; }

    /// <summary>The MBR type byte; null on GPT disks.</summary>
    public byte? MbrType { get; init; }

    /// <summary>The GPT partition type GUID; null on MBR disks.</summary>
    public Guid? TypeGuid { get; init; }

    /// <summary>The GPT unique partition GUID (the BCD names a GPT partition by it); null on MBR disks.</summary>
    public Guid? PartitionGuid { get; init; }

    /// <summary>The GPT partition name (UTF-16, up to 36 characters); null on MBR disks.</summary>
    public string? Name { get; init; }

    /// <summary>The GPT attribute bits (bit 0 platform-required; basic data: 60 read-only, 62 hidden, 63 no drive letter); null on MBR disks.</summary>
    public ulong? Attributes { get; init; }

    /// <summary>The MBR boot flag (0x80): the partition the BIOS boot code starts from (Gen1 "System Reserved").</summary>
    public bool IsActive { get; init; }

    /// <summary>A logical partition, described by an EBR inside an extended partition.</summary>
    public bool IsLogical { get; init; }

    /// <summary>An extended partition: a container of logical partitions, not a volume.</summary>
    public bool IsExtended { get; init; }

    /// <summary>A read-only window on <paramref name="disk"/> (the stream this table was read from) showing only this partition.</summary>
    public Stream Open(Stream disk) => new StreamWindow(disk, Offset, Length);

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"#{Index} {TypeName} at {Offset} length {Length}{(IsActive ? " active" : "")}{(IsLogical ? " logical" : "")}{(Name is { Length: > 0 } ? $" \"{Name}\"" : "")}");
}
