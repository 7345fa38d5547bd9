namespace OfflineRepair.Repairs.Planning;

/// <summary>The hives the repairs read and write.</summary>
public enum HiveKind
{
    System,
    Software,
}
