using OfflineRepair.Repairs;
using OfflineRepair.Repairs.Execution;

namespace OfflineRepair.Cli.Json;

/// <summary><c>fix --json</c>: the document README.md describes (schema 1).</summary>
internal sealed record FixJson(
    int Schema,
    string Command,
    string Target,
    bool DryRun,
    List<string> HiveStates,
    List<RepairJson> Repairs,
    int ChangeCount,
    bool Written,
    bool? Verified,
    string? BackupDirectory,
    string? RestoreCommand,
    List<WrittenFileJson> FilesWritten,
    List<PermissionJson> PermissionsWritten)
{
    public static FixJson Create(FixReport report, IReadOnlyList<string> requested, string? restoreCommand)
    {
        var repairs = new List<RepairJson>();
        foreach (var name in requested)
        {
            var repair = RepairCatalog.Find(name);
            var skipped = report.Skipped.FirstOrDefault(s => s.Repair == name);
            var plan = report.Plans.FirstOrDefault(p => p.Repair == name);
            string status = skipped is not null ? "skipped"
                : plan is null || plan.IsEmpty ? "in-place"
                : report.DryRun ? "planned" : "written";
            repairs.Add(new RepairJson(
                name,
                repair?.ArticleStep,
                status,
                skipped?.Reason,
                plan is null ? [] : [.. plan.Notes],
                plan is null ? [] : ChangeJson.Create(plan.Changes),
                plan is null ? [] : PermissionJson.Create(plan.Permissions)));
        }

        bool written = !report.DryRun && (report.FilesWritten.Count > 0 || report.Permissions.Count > 0);
        return new FixJson(
            JsonOutput.Schema,
            "fix",
            report.Target,
            report.DryRun,
            [.. report.HiveStates],
            repairs,
            report.ChangeCount,
            written,
            written ? report.Verified : null,
            report.BackupDirectory,
            written ? restoreCommand : null,
            [.. report.FilesWritten.Select(f => new WrittenFileJson(f.Path, f.Location, f.Sha256Before, f.Sha256After, f.BytesWritten))],
            [.. report.Permissions.Select(p => new PermissionJson(p.Path, p.Location, p.BeforeSddl, p.AfterSddl))]);
    }
}

/// <summary>
/// One requested repair: <c>status</c> is "planned" (dry run), "written", "in-place" (nothing to
/// change) or "skipped" (with <c>reason</c>).
/// </summary>
internal sealed record RepairJson(string Name, string? ArticleStep, string Status, string? Reason, List<string> Notes, List<ChangeJson> Changes, List<PermissionJson> Permissions);

/// <summary>A target file the fix wrote: its path on the target, where it really is, and its SHA-256 before and after.</summary>
internal sealed record WrittenFileJson(string Path, string Location, string Sha256Before, string Sha256After, long BytesWritten);
