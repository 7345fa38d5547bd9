namespace OfflineRepair.Cli.Hives;

/// <summary>Whether to back up before writing, and into which folder (null: beside the hive).</summary>
internal sealed record BackupChoice(bool Enabled, string? Directory);
