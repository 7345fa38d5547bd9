using System.CommandLine;
using OfflineRepair.Cli.Json;
using OfflineRepair.Cli.Targets;
using OfflineRepair.Repairs.Diagnosis;
using OfflineRepair.Repairs.Execution;

namespace OfflineRepair.Cli.Repairs;

/// <summary><c>diagnose TARGET [--json]</c>: the likely causes of "An internal error has occurred", read-only.</summary>
internal sealed class DiagnoseCommand : Command
{
    private const string Indent = "  ";
    private readonly TargetArguments _target = new();
    private readonly Option<bool> _json = JsonSwitch.Create();

    public DiagnoseCommand(CommandRunner runner)
        : base("diagnose", RepairHelpText.Diagnose)
    {
        _target.AddTo(this);
        Options.Add(_json);
        SetAction(parse => runner.Run(parse, context => Execute(parse, context)));
    }

    /// <summary>Diagnoses an open target (fix --from-diagnosis uses it too).</summary>
    public static DiagnosisReport Diagnose(OfflineRepair.Targets.ITarget target, CommandContext context)
    {
        using var notice = context.SlowStep($"reading {target.Description}");
        using var hives = HiveSet.Open(target, options: HiveSetOptions.ReadOnly with { ForceDirty = context.ForceDirty });
        HiveRefusal.ThrowIfUnreadable(hives);
        return Diagnostician.Diagnose(target, hives, TimeProvider.System);
    }

    private int Execute(ParseResult parse, CommandContext context)
    {
        using var target = _target.Open(parse, context);
        var report = Diagnose(target, context);
        if (parse.GetValue(_json))
        {
            JsonOutput.Write(context.Output, DiagnoseJson.Create(report), CliJsonContext.Default.DiagnoseJson);
            return ExitCode.Success;
        }

        Print(context.Output, report, _target.TargetPath(parse));
        return ExitCode.Success;
    }

    private static void Print(TextWriter output, DiagnosisReport report, string targetArgument)
    {
        output.WriteLine($"Target: {report.Target}");
        var groups = new[]
        {
            (FindingKind.Cause, "Likely causes, most likely first"),
            (FindingKind.Warning, "Warnings"),
            (FindingKind.Information, "For the next step"),
        };
        foreach (var (kind, heading) in groups)
        {
            var findings = report.Findings.Where(f => f.Kind == kind).ToList();
            if (findings.Count == 0)
            {
                continue;
            }

            output.WriteLine();
            output.WriteLine(heading + ":");
            foreach (var finding in findings)
            {
                output.WriteLine($"{Indent}[{finding.Id}] {finding.Title}");
                foreach (var evidence in finding.Evidence)
                {
                    output.WriteLine($"{Indent}{Indent}{evidence}");
                }

                if (finding.Repair is { } repair)
                {
                    output.WriteLine($"{Indent}{Indent}fix: offline-repair fix {targetArgument} {repair}");
                }

                if (finding.Advice is { } advice)
                {
                    output.WriteLine($"{Indent}{Indent}{advice}");
                }
            }
        }

        foreach (var unread in report.Unread)
        {
            output.WriteLine($"not read: {unread}");
        }

        output.WriteLine();
        var causes = report.Causes.Count();
        output.WriteLine(causes == 0
            ? "diagnose: no known cause found on this disk"
            : $"diagnose: {causes} likely cause{(causes == 1 ? "" : "s")}; `offline-repair fix {targetArgument} --from-diagnosis` makes every repair named above (add --dry-run to see the plan first)");
    }
}
