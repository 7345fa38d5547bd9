using OfflineRepair.Cli.Output;
using OfflineRepair.Repairs.Execution;

namespace OfflineRepair.Cli.Repairs;

/// <summary>fix's human output: the plan table, notes, skipped repairs, then what was written and how to undo it.</summary>
internal static class FixPrinter
{
    public const string NothingToChange = "nothing to change: every requested repair is already in place";
    public const string DryRunDone = "dry run: nothing written";
    private const string Indent = "  ";

    public static void Print(TextWriter output, FixReport report, string? restoreCommand)
    {
        output.WriteLine($"Target: {report.Target}");
        foreach (var state in report.HiveStates)
        {
            output.WriteLine(state);
        }

        var changes = report.Plans.SelectMany(p => p.Changes).ToList();
        if (changes.Count > 0)
        {
            output.WriteLine();
            output.WriteLine(report.DryRun ? $"Plan ({Count(changes.Count, "change")}):" : $"Changes ({changes.Count}):");
            ChangeRows.Table(changes).WriteTo(output);
        }

        var permissions = report.Plans.SelectMany(p => p.Permissions).ToList();
        if (permissions.Count > 0)
        {
            output.WriteLine();
            output.WriteLine(report.DryRun ? $"Permissions to set ({permissions.Count}):" : $"Permissions ({permissions.Count}):");
            PermissionRows.Write(output, permissions);
        }

        var notes = report.Plans.SelectMany(p => p.Notes.Select(n => $"{p.Repair}: {n}")).ToList();
        var inPlace = report.Plans.Where(p => p.IsEmpty).Select(p => p.Repair).ToList();
        if (notes.Count > 0 || inPlace.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Notes:");
            foreach (var note in notes)
            {
                output.WriteLine(Indent + note);
            }

            if (inPlace.Count > 0 && report.ChangeCount > 0)
            {
                output.WriteLine($"{Indent}already in place: {string.Join(", ", inPlace)}");
            }
        }

        if (report.Skipped.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Skipped:");
            var table = new TextTable("", "");
            foreach (var skipped in report.Skipped)
            {
                table.Add(skipped.Repair + ":", skipped.Reason);
            }

            table.WriteTo(output, Indent);
        }

        output.WriteLine();
        if (report.ChangeCount == 0)
        {
            output.WriteLine(NothingToChange);
            return;
        }

        if (report.DryRun)
        {
            output.WriteLine($"{DryRunDone} ({Count(report.ChangeCount, "change")} planned). Run the same command without --dry-run to make them.");
            return;
        }

        var permissionsPart = report.Permissions.Count == 0 ? "" : $" and the permissions of {Count(report.Permissions.Count, "path")}";
        output.WriteLine($"Wrote {Count(changes.Count, "change")} to {Count(report.FilesWritten.Count, "file")}{permissionsPart}; read back and verified{(report.Verified ? "" : " WITH FAILURES")}:");
        var files = new TextTable("", "", "");
        foreach (var file in report.FilesWritten)
        {
            files.Add(file.Location, $"sha256 {file.Sha256Before[..12]}… {ChangeRows.Arrow} {file.Sha256After[..12]}…", $"{Count(file.BytesWritten, "byte")} written");
        }

        foreach (var permission in report.Permissions)
        {
            files.Add(permission.Location, "permissions set", permission.AfterSddl);
        }

        files.WriteTo(output, Indent);
        foreach (var failed in report.Verification.Where(v => !v.Passed))
        {
            output.WriteLine($"{Indent}verification failed: {failed.Subject}: {failed.Detail}");
        }

        output.WriteLine($"Backup: {report.BackupDirectory}");
        output.WriteLine($"To undo: {restoreCommand}");
    }

    private static string Count(long n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
