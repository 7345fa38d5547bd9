using OfflineRepair.Targets;
using OfflineRepair.Registry;

namespace OfflineRepair.Repairs.Planning;

/// <summary>What a repair plans from: the open hives and boot store (null when the target lacks one) and the options.</summary>
public sealed class RepairContext
{
    public RepairContext(Hive? system, Hive? software, RepairOptions options)
    {
        System = system;
        Software = software;
        Options = options;
    }

    public Hive? System { get; }

    public Hive? Software { get; }

    /// <summary>The BCD store's hive, when the target has one (Boot\BCD on the volume, or --bcd FILE).</summary>
    public Hive? Bcd { get; init; }

    public RepairOptions Options { get; }

    /// <summary>The target itself, for repairs that read files and permissions (machine-keys); null when planning on hives alone.</summary>
    public ITarget? Target { get; init; }

    public Hive? HiveFor(HiveKind kind) => kind switch
    {
        HiveKind.System => System,
        HiveKind.Software => Software,
        HiveKind.Bcd => Bcd,
        _ => null,
    };
}
