namespace OfflineRepair.Partitions;

/// <summary>A volume's file system and, where its boot sector holds one (FAT), its label.</summary>
/// <param name="Kind">The file system.</param>
/// <param name="Label">The FAT boot-sector label, trimmed; null when absent, "NO NAME", or not kept in the boot sector (NTFS keeps it in $Volume).</param>
public sealed record SniffedVolume(FileSystemKind Kind, string? Label);
