using System.CommandLine;
using OfflineRepair.Cli.Json;
using OfflineRepair.Cli.Output;
using OfflineRepair.Cli.Targets;
using OfflineRepair.Repairs.Execution;

namespace OfflineRepair.Cli.Repairs;

/// <summary><c>restore TARGET --from DIR [--force]</c>: puts back the files a fix backed up.</summary>
internal sealed class RestoreCommand : Command
{
    private readonly TargetArguments _target = new();

    private readonly Option<string> _from = new("--from")
    {
        Description = "The backup folder fix printed (it holds manifest.json and the original files).",
        HelpName = "DIR",
        Required = true,
    };

    private readonly Option<bool> _force = new("--force")
    {
        Description = "Restore even over a file changed since the fix, or onto another target than the backup's.",
        Arity = ArgumentArity.Zero,
    };

    private readonly Option<bool> _json = JsonSwitch.Create();

    public RestoreCommand(CommandRunner runner)
        : base("restore", RepairHelpText.Restore)
    {
        _target.AddTo(this);
        Options.Add(_from);
        Options.Add(_force);
        Options.Add(_json);
        SetAction(parse => runner.Run(parse, context => Execute(parse, context)));
    }

    private int Execute(ParseResult parse, CommandContext context)
    {
        var from = parse.GetValue(_from)!;
        if (!Directory.Exists(from))
        {
            throw new BadInputException($"--from {from}: no such folder. Give the backup folder that fix printed.");
        }

        using var target = _target.Open(parse, context, writable: true);
        var report = RestoreRunner.Restore(target, from, parse.GetValue(_force), line => context.Log.Information("{Step}", line));
        foreach (var warning in report.Warnings)
        {
            context.Log.Warning("warning: {Warning}", warning);
        }

        if (parse.GetValue(_json))
        {
            JsonOutput.Write(context.Output, RestoreJson.Create(target.Description, report), CliJsonContext.Default.RestoreJson);
            return ExitCode.Success;
        }

        var output = context.Output;
        var table = new TextTable("FILE", "ACTION", "SHA256");
        foreach (var file in report.Files)
        {
            table.Add(file.Location, file.Action == RestoreAction.Restored ? "restored" : "already original", file.Sha256);
        }

        foreach (var permission in report.Permissions)
        {
            table.Add(permission.Location, permission.Action == RestoreAction.Restored ? "permissions restored" : "permissions already original", permission.Sddl);
        }

        output.WriteLine($"Target: {target.Description}");
        output.WriteLine($"Backup: {report.BackupDirectory} (made from {report.ManifestTarget})");
        output.WriteLine();
        table.WriteTo(output);
        output.WriteLine();
        var permissions = report.Permissions.Count(p => p.Action == RestoreAction.Restored);
        var permissionsPart = permissions == 0 ? "" : $" and the permissions of {permissions} path{(permissions == 1 ? "" : "s")}";
        output.WriteLine(report.RestoredCount == 0 && permissions == 0
            ? "nothing to restore: every file already holds its backed-up bytes"
            : $"restored {report.RestoredCount} file{(report.RestoredCount == 1 ? "" : "s")}{permissionsPart}{(report.Forced ? " (--force)" : "")}; each now reads as it did before the fix");
        return ExitCode.Success;
    }
}
