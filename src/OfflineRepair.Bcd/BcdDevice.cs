using System.Buffers.Binary;
using System.Globalization;

namespace OfflineRepair.Bcd;

/// <summary>
/// A device element's data, decoded far enough to say which disk and partition it names: a 16-byte
/// parent object GUID (a ramdisk's device options, else zero), then a record whose header is type,
/// flags, length (research/bcd_azure.md §1.9; DiscUtils DeviceElementValue, ReactOS bl.h). Offline the
/// volume cannot be named as bcdedit does ("partition=C:"), so the summary gives the identifiers.
/// </summary>
public sealed class BcdDevice
{
    private const int ParentSize = 16;
    private const int RecordHeaderSize = 16;

    // Record types (BL_DEVICE_TYPE): 0 block I/O, 5 boot device, 6 partition.
    private const uint RecordBlockIo = 0;
    private const uint RecordBoot = 5;
    private const uint RecordPartition = 6;

    // Offsets inside a partition record, from its start.
    private const int PartitionIdOffset = 0x10;      // GPT partition GUID, or MBR partition byte offset
    private const int PartitionStyleOffset = 0x24;   // 0 GPT, 1 MBR
    private const int DiskIdOffset = 0x28;           // GPT disk GUID, or MBR disk signature

    // Block I/O sub-type at +0x10 of a block I/O record; 3 is a ramdisk.
    private const uint BlockIoRamdisk = 3;

    private BcdDevice(DeviceKind kind, int length)
    {
        Kind = kind;
        Length = length;
    }

    public DeviceKind Kind { get; private init; }

    /// <summary>The length of the element's data.</summary>
    public int Length { get; }

    /// <summary>The parent object (a ramdisk's device options), or null when zero.</summary>
    public Guid? Parent { get; private init; }

    public PartitionStyle? Style { get; private init; }

    public Guid? GptDiskId { get; private init; }

    public Guid? GptPartitionId { get; private init; }

    public uint? MbrDiskSignature { get; private init; }

    public ulong? MbrPartitionOffset { get; private init; }

    /// <summary>Decodes device data; never throws: what it cannot read is an unknown device.</summary>
    public static BcdDevice Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < ParentSize + RecordHeaderSize)
        {
            return new BcdDevice(DeviceKind.Unknown, data.Length);
        }

        var parentGuid = new Guid(data[..ParentSize]);
        Guid? parent = parentGuid == Guid.Empty ? null : parentGuid;
        var record = data[ParentSize..];
        uint recordType = BinaryPrimitives.ReadUInt32LittleEndian(record);
        switch (recordType)
        {
            case RecordBoot:
                return new BcdDevice(DeviceKind.Boot, data.Length) { Parent = parent };
            case RecordPartition when record.Length >= DiskIdOffset + 4:
                return Partition(record, data.Length, parent);
            case RecordBlockIo when record.Length >= PartitionIdOffset + 4:
                uint blockType = BinaryPrimitives.ReadUInt32LittleEndian(record[PartitionIdOffset..]);
                return new BcdDevice(blockType == BlockIoRamdisk ? DeviceKind.Ramdisk : DeviceKind.BlockIo, data.Length) { Parent = parent };
            default:
                return new BcdDevice(DeviceKind.Unknown, data.Length) { Parent = parent };
        }
    }

    private static BcdDevice Partition(ReadOnlySpan<byte> record, int length, Guid? parent)
    {
        uint style = BinaryPrimitives.ReadUInt32LittleEndian(record[PartitionStyleOffset..]);
        if (style == (uint)PartitionStyle.Gpt && record.Length >= DiskIdOffset + 16)
        {
            return new BcdDevice(DeviceKind.Partition, length)
            {
                Parent = parent,
                Style = PartitionStyle.Gpt,
                GptPartitionId = new Guid(record.Slice(PartitionIdOffset, 16)),
                GptDiskId = new Guid(record.Slice(DiskIdOffset, 16)),
            };
        }

        if (style == (uint)PartitionStyle.Mbr)
        {
            return new BcdDevice(DeviceKind.Partition, length)
            {
                Parent = parent,
                Style = PartitionStyle.Mbr,
                MbrPartitionOffset = BinaryPrimitives.ReadUInt64LittleEndian(record[PartitionIdOffset..]),
                MbrDiskSignature = BinaryPrimitives.ReadUInt32LittleEndian(record[DiskIdOffset..]),
            };
        }

        return new BcdDevice(DeviceKind.Partition, length) { Parent = parent, Style = PartitionStyle.Other };
    }

    /// <summary>One line: the kind and the identifiers, e.g. "partition (GPT disk {…}, partition {…})".</summary>
    public string Summary
    {
        get
        {
            var parent = Parent is { } p ? string.Create(CultureInfo.InvariantCulture, $", options {p:B}") : "";
            return Kind switch
            {
                DeviceKind.Boot => "boot" + (parent.Length == 0 ? "" : $" ({parent[2..]})"),
                DeviceKind.Partition when Style == PartitionStyle.Gpt =>
                    string.Create(CultureInfo.InvariantCulture, $"partition (GPT disk {GptDiskId:B}, partition {GptPartitionId:B}{parent})"),
                DeviceKind.Partition when Style == PartitionStyle.Mbr =>
                    string.Create(CultureInfo.InvariantCulture, $"partition (MBR disk signature 0x{MbrDiskSignature:x8}, offset {MbrPartitionOffset}{parent})"),
                DeviceKind.Partition => $"partition (unknown partition style{parent})",
                DeviceKind.Ramdisk => Parent is { } options ? string.Create(CultureInfo.InvariantCulture, $"ramdisk (options {options:B})") : "ramdisk",
                DeviceKind.BlockIo => $"block device ({Length} bytes{parent})",
                _ => $"unknown device ({Length} bytes)",
            };
        }
    }

    public override string ToString() => Summary;
}
