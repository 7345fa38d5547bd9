using OfflineRepair.Repairs.Execution;

namespace OfflineRepair.Cli.Json;

/// <summary>
/// <c>check --json</c>: the document README.md describes (schema 1). <c>result</c> is "sound"
/// (exit 0), "not-repaired" (exit 1) or "corrupt" (exit 2), and <c>exitCode</c> the process's.
/// </summary>
internal sealed record CheckJson(
    int Schema,
    string Command,
    string Target,
    string Result,
    int ExitCode,
    List<HiveCheckJson> Hives,
    List<RepairCheckJson> Repairs)
{
    public static CheckJson Create(CheckReport report) => new(
        JsonOutput.Schema,
        "check",
        report.Target,
        ResultName(report.ExitCode),
        report.ExitCode,
        [.. report.Hives.Select(h => new HiveCheckJson(HivePaths.Name(h.Kind), h.Path, h.Sound, h.State, [.. h.Problems]))],
        [.. report.Repairs.Select(r => new RepairCheckJson(
                r.Repair,
                r.Error is not null ? "error" : r.InPlace ? "in-place" : "not-in-place",
                r.Error,
                r.Plan is null ? [] : [.. r.Plan.Notes],
                r.Plan is null ? [] : ChangeJson.Create(r.Plan.Changes),
                r.Plan is null ? [] : PermissionJson.Create(r.Plan.Permissions)))
            .Concat(report.Skipped.Select(s => new RepairCheckJson(s.Repair, "skipped", s.Reason, [], [], [])))]);

    public static string ResultName(int exitCode) => exitCode switch
    {
        CheckReport.Sound => "sound",
        CheckReport.NotRepaired => "not-repaired",
        _ => "corrupt",
    };
}

/// <summary>One hive's soundness: <c>state</c> says how it opened, <c>problems</c> what is wrong.</summary>
internal sealed record HiveCheckJson(string Hive, string Path, bool Sound, string State, List<string> Problems);

/// <summary>
/// One repair: <c>status</c> "in-place", "not-in-place" (with the <c>remaining</c> changes), "skipped"
/// or "error" (with <c>reason</c>).
/// </summary>
internal sealed record RepairCheckJson(string Name, string Status, string? Reason, List<string> Notes, List<ChangeJson> Remaining, List<PermissionJson> RemainingPermissions);
