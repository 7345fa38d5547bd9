using System.Globalization;
using OfflineRepair.Repairs.Planning;

namespace OfflineRepair.Repairs.Repairs;

/// <summary>
/// Step 1, "check the RDP port": the listener's <c>PortNumber</c> (3389 unless --port says
/// otherwise), and the built-in firewall rules that let RDP in, whose <c>LPort</c> must name the same
/// port or the listener answers nobody. Only the LPort field of a rule changes.
/// </summary>
public sealed class RdpPortRepair : IRepair
{
    public const string RepairName = "rdp-port";

    public static readonly IReadOnlyList<string> ExpectedRules = ["RemoteDesktop-UserMode-In-TCP", "RemoteDesktop-UserMode-In-UDP"];

    public string Name => RepairName;

    public string Summary => "RDP listener port (PortNumber) and the Remote Desktop firewall rules' LPort";

    public string ArticleStep => "step 1: check the RDP port";

    public IReadOnlyList<HiveKind> Hives => [HiveKind.System];

    public RepairPlan Plan(RepairContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        int port = context.Options.Port;
        if (port is < 1 or > 65535)
        {
            throw new RepairException($"port {port} is not a TCP port: give one from 1 to 65535 (RDP's default is {RepairOptions.DefaultRdpPort})");
        }

        var system = RepairInputs.RequireSystem(context, Name);
        var plan = new PlanBuilder(Name, HiveKind.System, system);
        var sets = RepairInputs.ChooseControlSets(context, system, plan);
        plan.Note($"port {port}");

        foreach (var set in sets.ControlSets)
        {
            var listener = RegistryPaths.Under(set, RegistryPaths.RdpTcp);
            if (plan.OpenKey(listener) is null)
            {
                plan.Note($"{set} has no {RegistryPaths.RdpTcp} key (no RDP listener): skipped");
            }
            else
            {
                plan.SetDWord(listener, "PortNumber", (uint)port);
            }

            PlanFirewallRules(plan, set, port.ToString(CultureInfo.InvariantCulture));
        }

        return plan.Build();
    }

    private static void PlanFirewallRules(PlanBuilder plan, string set, string port)
    {
        var rulesPath = RegistryPaths.Under(set, RegistryPaths.FirewallRules);
        var rules = plan.OpenKey(rulesPath);
        if (rules is null)
        {
            plan.Note($"{set} has no firewall rules key ({RegistryPaths.FirewallRules}): no rule to update");
            return;
        }

        var rdpRules = rules.GetValues()
            .Where(v => v.Name.StartsWith(RegistryPaths.RdpFirewallRulePrefix, StringComparison.OrdinalIgnoreCase))
            .ToList();
        foreach (var expected in ExpectedRules)
        {
            if (!rdpRules.Any(r => string.Equals(r.Name, expected, StringComparison.OrdinalIgnoreCase)))
            {
                plan.Note($"{set}: firewall rule {expected} is missing");
            }
        }

        foreach (var rule in rdpRules)
        {
            var updated = FirewallRule.WithLocalPort(rule.Data, port);
            if (updated is null)
            {
                int count = FirewallRule.LocalPorts(rule.Data).Count;
                plan.Note(count == 0
                    ? $"{set}: firewall rule {rule.Name} has no LPort field: left as it is"
                    : $"{set}: firewall rule {rule.Name} has {count} LPort fields: left as it is");
                continue;
            }

            plan.SetValue(rulesPath, rule.Name, rule.Type, updated);
        }
    }
}
