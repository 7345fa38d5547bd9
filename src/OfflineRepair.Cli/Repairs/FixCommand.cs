using System.CommandLine;
using System.Reflection;
using OfflineRepair.Cli.Json;
using OfflineRepair.Cli.Targets;
using OfflineRepair.Repairs.Execution;

namespace OfflineRepair.Cli.Repairs;

/// <summary>
/// <c>fix TARGET (REPAIR... | --all) [--dry-run] [--backup-dir DIR] [--json] [repair options]</c>:
/// prints the plan; unless --dry-run, backs up, writes and verifies (FixRunner), then says how to undo.
/// </summary>
internal sealed class FixCommand : Command
{
    private readonly TargetArguments _target = new();
    private readonly RepairSwitches _switches = new();

    private readonly Argument<string[]> _repairs = new("REPAIR")
    {
        Description = RepairHelpText.RepairNames,
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<bool> _all = new("--all")
    {
        Description = "Make the article's main repairs: tls, nla, crash-dump, serial-console, machine-keys.",
        Arity = ArgumentArity.Zero,
    };

    private readonly Option<bool> _fromDiagnosis = new("--from-diagnosis")
    {
        Description = "Diagnose the target first (as 'offline-repair diagnose' does) and make the repairs its findings name, instead of naming repairs or --all.",
        Arity = ArgumentArity.Zero,
    };

    private readonly Option<bool> _dryRun = new("--dry-run")
    {
        Description = "Print the plan and stop: nothing is opened for writing, nothing is written.",
        Arity = ArgumentArity.Zero,
    };

    private readonly Option<string?> _backupDirectory = new("--backup-dir")
    {
        Description = "Put the backup (the files it changes and manifest.json) in this new or empty folder; default: a new offline-repair-backup-yyyyMMdd-HHmmss beside the target.",
        HelpName = "DIR",
    };

    private readonly Option<bool> _json = JsonSwitch.Create();

    public FixCommand(CommandRunner runner)
        : base("fix", RepairHelpText.Fix)
    {
        _target.AddTo(this);
        Arguments.Add(_repairs);
        Options.Add(_all);
        Options.Add(_fromDiagnosis);
        Options.Add(_dryRun);
        Options.Add(_backupDirectory);
        Options.Add(_json);
        _switches.AddTo(this, withResume: true);
        SetAction(parse => runner.Run(parse, context => Execute(parse, context)));
    }

    /// <summary>The version recorded in backup manifests.</summary>
    public static string ToolVersion =>
        typeof(FixCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(FixCommand).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    private int Execute(ParseResult parse, CommandContext context)
    {
        bool fromDiagnosis = parse.GetValue(_fromDiagnosis);
        var names = parse.GetValue(_repairs) ?? [];
        if (fromDiagnosis && (names.Length > 0 || parse.GetValue(_all)))
        {
            throw new BadInputException("--from-diagnosis chooses the repairs itself: give it without repair names or --all.");
        }

        var repairs = fromDiagnosis ? [] : RepairSelection.ForFix(names, parse.GetValue(_all));
        var options = _switches.Read(parse, BackupManifest.FindRecordedGroupPolicyStart);
        bool dryRun = parse.GetValue(_dryRun);

        using var target = _target.Open(parse, context, writable: !dryRun);
        if (fromDiagnosis)
        {
            var diagnosis = DiagnoseCommand.Diagnose(target, context);
            repairs = RepairSelection.ForDiagnosis(diagnosis.Repairs);
            foreach (var finding in diagnosis.Findings.Where(f => f.Repair is not null))
            {
                context.Log.Information("diagnose: [{Id}] {Title} -> {Repair}", finding.Id, finding.Title, finding.Repair);
            }

            if (repairs.Count == 0)
            {
                context.Output.WriteLine($"Target: {target.Description}");
                context.Output.WriteLine("diagnose found nothing a repair fixes: nothing to change (see 'offline-repair diagnose' for the details)");
                return ExitCode.Success;
            }
        }

        if (options.Resume && options.RecordedGroupPolicyStart is null && parse.GetValue(_switches.From) is null)
        {
            // Without --from, the default backup place is where the pausing fix left its manifest.
            options = options with { RecordedGroupPolicyStart = BackupManifest.FindRecordedGroupPolicyStart(target.DefaultBackupParent) };
        }

        var request = new FixRequest(
            repairs,
            options,
            dryRun,
            parse.GetValue(_backupDirectory),
            context.ForceDirty,
            ToolVersion,
            TimeProvider.System,
            line => context.Log.Information("{Step}", line));
        FixReport report;
        using (dryRun ? context.SlowStep($"planning on {target.Description}") : null)
        {
            report = FixRunner.Run(target, request);
        }


        if (report.Skipped.Count == repairs.Count)
        {
            throw new BadInputException(
                $"no requested repair can run on {report.Target}: " +
                string.Join("; ", report.Skipped.Select(s => $"{s.Repair} {s.Reason}")) + ". Nothing was written.");
        }

        var restore = report.BackupDirectory is { } backup ? _target.RestoreCommand(parse, backup) : null;
        var requested = repairs.Select(r => r.Name).ToList();
        if (parse.GetValue(_json))
        {
            JsonOutput.Write(context.Output, FixJson.Create(report, requested, restore), CliJsonContext.Default.FixJson);
        }
        else
        {
            var text = new StringWriter { NewLine = context.Output.NewLine };
            FixPrinter.Print(text, report, restore);
            context.Output.Write(text.ToString());
        }

        return ExitCode.Success;
    }
}
