namespace OfflineRepair.Repairs.Planning;

/// <summary>The hives the repairs read and write: the two of Windows\System32\config and the boot store.</summary>
public enum HiveKind
{
    System,
    Software,

    /// <summary>The boot configuration data store (a hive too): \Boot\BCD, or the file --bcd names.</summary>
    Bcd,
}
