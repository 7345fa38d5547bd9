using System.CommandLine;
using OfflineRepair.Cli.Json;
using OfflineRepair.Cli.Targets;
using OfflineRepair.Repairs.Execution;
using OfflineRepair.Repairs.Inspection;
using OfflineRepair.Targets.Images;

namespace OfflineRepair.Cli.Repairs;

/// <summary><c>inspect TARGET [--json]</c>: what the repairs would look at, read-only.</summary>
internal sealed class InspectCommand : Command
{
    private readonly TargetArguments _target = new();
    private readonly RepairSwitches _switches = new();
    private readonly Option<bool> _json = JsonSwitch.Create();

    public InspectCommand(CommandRunner runner)
        : base("inspect", RepairHelpText.Inspect)
    {
        _target.AddTo(this);
        _switches.AddControlSetsTo(this);
        Options.Add(_json);
        SetAction(parse => runner.Run(parse, context => Execute(parse, context)));
    }

    private int Execute(ParseResult parse, CommandContext context)
    {
        using var target = _target.Open(parse, context);
        HiveSet hives;
        using (context.SlowStep($"reading {target.Description}"))
        {
            hives = HiveSet.Open(target, options: HiveSetOptions.ReadOnly with { ForceDirty = context.ForceDirty });
        }

        using var opened = hives;
        HiveRefusal.ThrowIfUnreadable(hives);
        var report = Inspector.Inspect(hives.System, hives.Software, hives.Bcd, _switches.ReadControlSets(parse), target: target);
        var hiveStates = HiveJson.Create(hives, target);

        if (parse.GetValue(_json))
        {
            var disk = target is ImageTarget image ? DiskJson.Create(image.Disk) : null;
            JsonOutput.Write(context.Output, InspectJson.Create(target.Description, disk, hiveStates, report), CliJsonContext.Default.InspectJson);
        }
        else
        {
            var text = new StringWriter { NewLine = context.Output.NewLine };
            InspectPrinter.Print(text, target.Description, (target as ImageTarget)?.Disk, hiveStates, report);
            context.Output.Write(text.ToString());
        }

        return ExitCode.Success;
    }
}
