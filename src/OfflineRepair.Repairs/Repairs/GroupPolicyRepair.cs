using OfflineRepair.Repairs.Planning;

namespace OfflineRepair.Repairs.Repairs;

/// <summary>
/// Steps 3.2 and 3.3: pause the Group Policy Client (<c>gpsvc\Start</c>=4, disabled) so a domain
/// policy does not switch TLS off again at the next boot; once the VM answers RDP, <c>--resume</c>
/// puts back the Start value recorded before the pause (2, automatic, when none was recorded).
/// </summary>
public sealed class GroupPolicyRepair : IRepair
{
    public const string RepairName = "group-policy";

    public const uint Disabled = 4;

    public const uint Automatic = 2;

    private const uint HighestStart = 4; // 0 boot, 1 system, 2 automatic, 3 manual, 4 disabled

    public string Name => RepairName;

    public string Summary => "pause the Group Policy Client service (Start=4); --resume puts back the value it had";

    public string ArticleStep => "steps 3.2 / 3.3: stop and restart gpsvc";

    public IReadOnlyList<HiveKind> Hives => [HiveKind.System];

    public RepairPlan Plan(RepairContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options;
        uint start = options.Resume ? options.RecordedGroupPolicyStart ?? Automatic : Disabled;
        if (start > HighestStart)
        {
            throw new RepairException($"the recorded gpsvc Start value {start} is not a service start type (0 to {HighestStart})");
        }

        var system = RepairInputs.RequireSystem(context, Name);
        var plan = new PlanBuilder(Name, HiveKind.System, system);
        var sets = RepairInputs.ChooseControlSets(context, system, plan);

        foreach (var set in sets.ControlSets)
        {
            var service = RegistryPaths.Under(set, RegistryPaths.GroupPolicyService);
            if (plan.OpenKey(service) is null)
            {
                // Creating a service key with only Start would register a service that has no image.
                plan.Note($"{set} has no gpsvc service: nothing to {(options.Resume ? "resume" : "pause")}");
                continue;
            }

            plan.SetDWord(service, "Start", start);
        }

        plan.Note(options.Resume
            ? $"gpsvc Start back to {start}{(options.RecordedGroupPolicyStart is null ? " (automatic: no value was recorded)" : " (the value recorded before the pause)")}"
            : "gpsvc paused (Start=4): once the VM takes RDP connections again, run fix group-policy --resume (article step 3.3), or domain policy stops applying");
        return plan.Build();
    }
}
