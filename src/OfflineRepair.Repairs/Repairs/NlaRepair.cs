using OfflineRepair.Repairs.Planning;

namespace OfflineRepair.Repairs.Repairs;

/// <summary>
/// The offline "enable NLA" step: the RDP listener negotiates its security layer
/// (<c>SecurityLayer</c>=1), requires Network Level Authentication (<c>UserAuthentication</c>=1) and
/// allows protocol negotiation (<c>fAllowSecProtocolNegotiation</c>=1). A control set without an
/// RDP-Tcp listener key is reported, not given one: three values alone would not make a listener.
/// </summary>
public sealed class NlaRepair : IRepair
{
    public const string RepairName = "nla";

    public string Name => RepairName;

    public string Summary => "RDP listener: negotiate the security layer and require Network Level Authentication";

    public string ArticleStep => "offline: enable NLA";

    public IReadOnlyList<HiveKind> Hives => [HiveKind.System];

    public RepairPlan Plan(RepairContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var system = RepairInputs.RequireSystem(context, Name);
        var plan = new PlanBuilder(Name, HiveKind.System, system);
        var sets = RepairInputs.ChooseControlSets(context, system, plan);

        foreach (var set in sets.ControlSets)
        {
            var listener = RegistryPaths.Under(set, RegistryPaths.RdpTcp);
            if (plan.OpenKey(listener) is null)
            {
                plan.Note($"{set} has no {RegistryPaths.RdpTcp} key (no RDP listener): skipped");
                continue;
            }

            plan.SetDWord(listener, "SecurityLayer", 1);
            plan.SetDWord(listener, "UserAuthentication", 1);
            plan.SetDWord(listener, "fAllowSecProtocolNegotiation", 1);
        }

        return plan.Build();
    }
}
