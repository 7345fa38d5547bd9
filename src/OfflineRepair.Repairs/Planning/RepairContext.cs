using OfflineRepair.Registry;

namespace OfflineRepair.Repairs.Planning;

/// <summary>What a repair plans from: the open hives (null when the target lacks one) and the options.</summary>
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

    public RepairOptions Options { get; }

    public Hive? HiveFor(HiveKind kind) => kind switch
    {
        HiveKind.System => System,
        HiveKind.Software => Software,
        _ => null,
    };
}
