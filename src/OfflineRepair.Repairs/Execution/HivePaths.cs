using OfflineRepair.Repairs.Planning;
using OfflineRepair.Targets;

namespace OfflineRepair.Repairs.Execution;

/// <summary>Where each hive the repairs use lives on a target, its name in messages, and what to say when it is not there.</summary>
public static class HivePaths
{
    /// <summary>Where the BCD store is on an Azure OS disk, for a user whose target has none.</summary>
    public const string BcdHint =
        @"System Reserved partition \Boot\BCD on Gen1, EFI System Partition \EFI\Microsoft\Boot\BCD on Gen2";

    public static string TargetPath(HiveKind kind) => kind switch
    {
        HiveKind.System => WindowsPaths.SystemHive,
        HiveKind.Software => WindowsPaths.SoftwareHive,
        HiveKind.Bcd => WindowsPaths.BcdStore,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string Name(HiveKind kind) => kind switch
    {
        HiveKind.System => "SYSTEM",
        HiveKind.Software => "SOFTWARE",
        HiveKind.Bcd => "BCD",
        _ => kind.ToString().ToUpperInvariant(),
    };

    /// <summary>
    /// Why a repair needing this hive is skipped on a target without it. The BCD is often on another
    /// partition than Windows (System Reserved, the ESP), so the reason says where and how to name it.
    /// </summary>
    public static string MissingReason(HiveKind kind) => kind switch
    {
        HiveKind.Bcd => $"no BCD store found: give --bcd FILE ({BcdHint})",
        _ => $"needs the {Name(kind)} hive, which the target does not have",
    };
}
