using OfflineRepair.Repairs.Execution;

namespace OfflineRepair.Cli.Json;

/// <summary><c>restore --json</c>: the document README.md describes (schema 1).</summary>
internal sealed record RestoreJson(
    int Schema,
    string Command,
    string Target,
    string From,
    string BackupTarget,
    bool Forced,
    int RestoredCount,
    List<RestoredFileJson> Files,
    List<RestoredPermissionJson> Permissions,
    List<string> Warnings)
{
    public static RestoreJson Create(string target, RestoreReport report) => new(
        JsonOutput.Schema,
        "restore",
        target,
        report.BackupDirectory,
        report.ManifestTarget,
        report.Forced,
        report.RestoredCount,
        [.. report.Files.Select(f => new RestoredFileJson(f.Path, f.Location, f.Action == RestoreAction.Restored ? "restored" : "already-original", f.Sha256))],
        [.. report.Permissions.Select(p => new RestoredPermissionJson(p.Path, p.Location, p.Action == RestoreAction.Restored ? "restored" : "already-original", p.Sddl))],
        [.. report.Warnings]);
}

/// <summary>One file: <c>action</c> "restored" or "already-original" (it held the backed-up bytes); <c>sha256</c> its hash now.</summary>
internal sealed record RestoredFileJson(string Path, string Location, string Action, string Sha256);

/// <summary>One path's permissions: <c>action</c> as for files; <c>sddl</c> the permissions now (those before the fix).</summary>
internal sealed record RestoredPermissionJson(string Path, string Location, string Action, string Sddl);
