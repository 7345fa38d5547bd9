using OfflineRepair.Repairs.Planning;
using OfflineRepair.Repairs.Repairs;

namespace OfflineRepair.Repairs;

/// <summary>The repairs by command-line name, in the design's order, and the set <c>fix --all</c> runs.</summary>
public static class RepairCatalog
{
    /// <summary>Every repair available, in DESIGN.md's order.</summary>
    public static IReadOnlyList<IRepair> All { get; } =
    [
        new TlsRepair(),
        new NlaRepair(),
        new CrashDumpRepair(),
        new SerialConsoleRepair(),
        new RdpPortRepair(),
        new RdpCertificateRepair(),
        new GroupPolicyRepair(),
        new MachineKeysRepair(),
    ];

    /// <summary>What <c>--all</c> runs: tls, nla, crash-dump, serial-console, machine-keys (the article's steps).</summary>
    public static IReadOnlyList<IRepair> AllSet { get; } =
        [.. new[] { TlsRepair.RepairName, NlaRepair.RepairName, CrashDumpRepair.RepairName, SerialConsoleRepair.RepairName, MachineKeysRepair.RepairName }.Select(n => All.First(r => r.Name == n))];

    /// <summary>The names of <see cref="All"/>, in order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(r => r.Name)];

    /// <summary>The repair of that name (any letter case), or null.</summary>
    public static IRepair? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
    }
}
