using OfflineRepair.Registry;
using OfflineRepair.Repairs.Execution;
using OfflineRepair.Targets;

namespace OfflineRepair.Cli.Json;

/// <summary>
/// One hive of the target and its state: "clean", "replayed" (dirty, its transaction logs replayed in
/// memory), "forced-dirty" (dirty, read as on disk with --force-dirty), "absent" or "unreadable".
/// </summary>
internal sealed record HiveJson(string Hive, string Path, string State, bool LogsReplayed, string Description)
{
    public static List<HiveJson> Create(HiveSet hives, ITarget target)
    {
        var list = new List<HiveJson>();
        foreach (var opened in hives.Opened)
        {
            var state = opened.State switch
            {
                HiveState.Replayed => "replayed",
                HiveState.ForcedDirty => "forced-dirty",
                _ => "clean",
            };
            list.Add(new HiveJson(HivePaths.Name(opened.Kind), target.Locate(opened.TargetPath), state, opened.State == HiveState.Replayed, opened.Describe()));
        }

        foreach (var missing in hives.Unavailable)
        {
            var name = HivePaths.Name(missing.Kind);
            list.Add(new HiveJson(name, missing.TargetPath, missing.Absent ? "absent" : "unreadable", false, $"{name}: {(missing.Absent ? "absent" : "unreadable")} ({missing.Reason})"));
        }

        // SYSTEM, SOFTWARE, then the boot store: the order of the repairs that use them.
        return list.OrderBy(h => h.Hive switch { "SYSTEM" => 0, "SOFTWARE" => 1, _ => 2 }).ToList();
    }
}
