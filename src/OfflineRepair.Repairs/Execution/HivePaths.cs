using OfflineRepair.Repairs.Planning;
using OfflineRepair.Targets;

namespace OfflineRepair.Repairs.Execution;

/// <summary>Where each hive the repairs use lives on a target, and its name in messages.</summary>
public static class HivePaths
{
    public static string TargetPath(HiveKind kind) => kind switch
    {
        HiveKind.System => WindowsPaths.SystemHive,
        HiveKind.Software => WindowsPaths.SoftwareHive,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string Name(HiveKind kind) => kind switch
    {
        HiveKind.System => "SYSTEM",
        HiveKind.Software => "SOFTWARE",
        _ => kind.ToString().ToUpperInvariant(),
    };
}
