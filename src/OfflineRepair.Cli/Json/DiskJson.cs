using OfflineRepair.Targets.Images;

namespace OfflineRepair.Cli.Json;

/// <summary><c>inspect --json</c> of a disk image: the container, the partition table and each volume.</summary>
internal sealed record DiskJson(string Path, string Container, long VirtualSize, string PartitionStyle, List<VolumeJson> Volumes, List<string> Warnings)
{
    public static DiskJson Create(DiskImageInfo disk) => new(
        disk.Path,
        disk.Container,
        disk.VirtualSize,
        disk.PartitionStyle,
        [.. disk.Volumes.Select(v => new VolumeJson(v.Index, v.Offset, v.Length, v.Type, v.IsActive, v.FileSystem, v.Label, v.State, v.HoldsWindows, v.HoldsBcd))],
        [.. disk.Warnings]);
}

/// <summary>One partition (index 0: the whole disk when it has no partition table).</summary>
internal sealed record VolumeJson(int Index, long Offset, long Length, string Type, bool IsActive, string FileSystem, string? Label, string State, bool HoldsWindows, bool HoldsBcd);
