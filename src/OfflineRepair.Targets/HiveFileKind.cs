namespace OfflineRepair.Targets;

/// <summary>What a single hive file holds, told from its keys (file names are often changed by copies).</summary>
public enum HiveFileKind
{
    Unknown,
    System,
    Software,
    Bcd,
}
