using OfflineRepair.Repairs.Planning;

namespace OfflineRepair.Repairs.Repairs;

/// <summary>
/// Step 3 and its offline twin: "enable all supported TLS versions". The article writes
/// <c>TLS 1.x\Server\Enabled</c>=1; SCHANNEL also treats a protocol with <c>DisabledByDefault</c>
/// non-zero as off unless an application asks for it by name (RDP does not), so a non-zero one found
/// becomes 0. An absent DisabledByDefault already means "on by default" and stays absent.
/// </summary>
public sealed class TlsRepair : IRepair
{
    public const string RepairName = "tls";

    public static readonly IReadOnlyList<string> KnownVersions = ["1.0", "1.1", "1.2"];

    public string Name => RepairName;

    public string Summary => "enable the TLS versions RDP's listener needs (SCHANNEL TLS 1.x Server Enabled=1, DisabledByDefault=0)";

    public string ArticleStep => "step 3 / offline: enable all supported TLS versions";

    public IReadOnlyList<HiveKind> Hives => [HiveKind.System];

    public RepairPlan Plan(RepairContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var versions = Versions(context.Options.TlsVersions);
        var system = RepairInputs.RequireSystem(context, Name);
        var plan = new PlanBuilder(Name, HiveKind.System, system);
        var sets = RepairInputs.ChooseControlSets(context, system, plan);
        plan.Note("TLS versions: " + string.Join(", ", versions));

        foreach (var set in sets.ControlSets)
        {
            foreach (var version in versions)
            {
                var server = RegistryPaths.Under(set, RegistryPaths.SchannelServer(version));
                plan.SetDWord(server, "Enabled", 1);
                if (plan.OpenKey(server)?.GetValue("DisabledByDefault") is { } disabledByDefault && disabledByDefault.AsUInt32() != 0)
                {
                    plan.SetDWord(server, "DisabledByDefault", 0);
                }
            }
        }

        return plan.Build();
    }

    private static IReadOnlyList<string> Versions(IReadOnlyList<string> requested)
    {
        if (requested.Count == 0)
        {
            throw new RepairException($"no TLS version given: choose among {string.Join(", ", KnownVersions)}");
        }

        foreach (var version in requested)
        {
            if (!KnownVersions.Contains(version, StringComparer.Ordinal))
            {
                throw new RepairException($"unknown TLS version '{version}': valid versions are {string.Join(", ", KnownVersions)}");
            }
        }

        return KnownVersions.Where(requested.Contains).ToList();
    }
}
