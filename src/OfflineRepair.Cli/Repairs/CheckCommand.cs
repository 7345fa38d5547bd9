using OfflineRepair.Repairs.Planning;
using System.CommandLine;
using OfflineRepair.Cli.Check;
using OfflineRepair.Cli.Json;
using OfflineRepair.Cli.Output;
using OfflineRepair.Cli.Targets;
using OfflineRepair.Repairs.Execution;

namespace OfflineRepair.Cli.Repairs;

/// <summary>
/// <c>check TARGET [REPAIR...] [--json] [--junit FILE]</c>: exit 0 sound and in place, 1 with what
/// remains, 2 corrupt or unreadable. Read-only.
/// </summary>
internal sealed class CheckCommand : Command
{
    private readonly TargetArguments _target = new();
    private readonly RepairSwitches _switches = new();

    private readonly Argument<string[]> _repairs = new("REPAIR")
    {
        Description = "Repairs to check (default: tls, nla, crash-dump, serial-console, machine-keys); any of tls, nla, crash-dump, serial-console, rdp-port, rdp-cert, group-policy, machine-keys.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<bool> _json = JsonSwitch.Create();

    private readonly Option<string?> _junit = new("--junit")
    {
        Description = "Also write the result as JUnit XML to FILE (a testcase per hive and per repair) for CI systems.",
        HelpName = "FILE",
    };

    public CheckCommand(CommandRunner runner)
        : base("check", RepairHelpText.Check)
    {
        _target.AddTo(this);
        Arguments.Add(_repairs);
        Options.Add(_json);
        Options.Add(_junit);
        _switches.AddTo(this, withResume: false);
        SetAction(parse => runner.Run(parse, context => Execute(parse, context)));
    }

    private int Execute(ParseResult parse, CommandContext context)
    {
        var repairs = RepairSelection.ForCheck(parse.GetValue(_repairs) ?? []);
        var options = _switches.Read(parse);
        using var target = _target.Open(parse, context);
        CheckReport report;
        using (context.SlowStep($"checking {target.Description}"))
        {
            report = CheckRunner.Check(target, repairs, options, context.ForceDirty);
        }


        if (parse.GetValue(_junit) is { } junit)
        {
            JUnitReport.Write(junit, report.Target, JUnitCases(report), DateTimeOffset.UtcNow);
            context.Log.Information("JUnit report: {File}", Path.GetFullPath(junit));
        }

        if (parse.GetValue(_json))
        {
            JsonOutput.Write(context.Output, CheckJson.Create(report), CliJsonContext.Default.CheckJson);
        }
        else
        {
            var text = new StringWriter { NewLine = context.Output.NewLine };
            Print(text, report);
            context.Output.Write(text.ToString());
        }

        return report.ExitCode;
    }

    private static List<JUnitCase> JUnitCases(CheckReport report)
    {
        var cases = new List<JUnitCase>();
        foreach (var hive in report.Hives)
        {
            var name = HivePaths.Name(hive.Kind);
            cases.Add(hive.Sound
                ? new JUnitCase("offline-repair.check.hive", name)
                : new JUnitCase("offline-repair.check.hive", name, $"{HivePaths.Name(hive.Kind)}: {hive.State}: {hive.Problems.FirstOrDefault()}", string.Join('\n', hive.Problems)));
        }

        foreach (var repair in report.Repairs)
        {
            var name = repair.Repair;
            if (repair.Error is { } error)
            {
                cases.Add(new JUnitCase("offline-repair.check.repair", name, $"{repair.Repair} could not be checked: {error}"));
            }
            else if (repair.InPlace)
            {
                cases.Add(new JUnitCase("offline-repair.check.repair", name));
            }
            else
            {
                var plan = repair.Plan!;
                var detail = new StringWriter();
                if (plan.Changes.Count > 0)
                {
                    ChangeRows.Table(plan.Changes).WriteTo(detail);
                }

                PermissionRows.Write(detail, plan.Permissions);
                cases.Add(new JUnitCase("offline-repair.check.repair", name, $"{repair.Repair}: {Count(Remaining(plan))} remain", detail.ToString()));
            }
        }

        foreach (var skipped in report.Skipped)
        {
            cases.Add(new JUnitCase("offline-repair.check.repair", skipped.Repair, SkippedReason: skipped.Reason));
        }

        return cases;
    }

    private static void Print(TextWriter output, CheckReport report)
    {
        output.WriteLine($"Target: {report.Target}");
        output.WriteLine();
        var hives = new TextTable("HIVE", "SOUND", "STATE");
        foreach (var hive in report.Hives)
        {
            hives.Add(HivePaths.Name(hive.Kind), hive.Sound ? "yes" : "NO", hive.State);
        }

        hives.WriteTo(output);
        foreach (var hive in report.Hives.Where(h => h.Problems.Count > 0))
        {
            foreach (var problem in hive.Problems)
            {
                output.WriteLine($"  {HivePaths.Name(hive.Kind)}: {problem}");
            }
        }
        output.WriteLine();

        var repairs = new TextTable("REPAIR", "RESULT");
        foreach (var repair in report.Repairs)
        {
            repairs.Add(repair.Repair, repair.Error is { } error ? "cannot check: " + error
                : repair.InPlace ? "in place"
                : $"NOT in place: {Count(Remaining(repair.Plan!))} remain");
        }

        foreach (var skipped in report.Skipped)
        {
            repairs.Add(skipped.Repair, "skipped: " + skipped.Reason);
        }

        repairs.WriteTo(output);

        var remaining = report.Repairs.Where(r => r.Plan is { IsEmpty: false }).SelectMany(r => r.Plan!.Changes).ToList();
        if (remaining.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Remaining:");
            ChangeRows.Table(remaining).WriteTo(output);
        }

        var permissions = report.Repairs.Where(r => r.Plan is { IsEmpty: false }).SelectMany(r => r.Plan!.Permissions).ToList();
        if (permissions.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Remaining permissions:");
            PermissionRows.Write(output, permissions);
        }

        output.WriteLine();
        output.WriteLine(report.ExitCode switch
        {
            CheckReport.Sound => "check: sound, every repair in place",
            CheckReport.NotRepaired => $"check: not repaired ({Count(remaining.Count + permissions.Count)} remain); 'offline-repair fix' with the same TARGET and repairs makes them",
            _ => "check: a hive is corrupt or unreadable, or a repair could not be checked",
        });
    }

    private static string Count(int n) => n == 1 ? "1 change" : $"{n} changes";

    private static int Remaining(RepairPlan plan) => plan.Changes.Count + plan.Permissions.Count;
}
