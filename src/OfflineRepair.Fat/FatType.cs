namespace OfflineRepair.Fat;

/// <summary>The FAT variant, decided by the count of data clusters as the specification says (never by the type string).</summary>
public enum FatType
{
    Fat12,
    Fat16,
    Fat32,
}
