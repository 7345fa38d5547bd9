using OfflineRepair.Registry;
using OfflineRepair.Repairs.Planning;

namespace OfflineRepair.Repairs.Repairs;

/// <summary>
/// The offline "enable dump log" step: a complete memory dump (<c>CrashDumpEnabled</c>=1) written to
/// <c>%SystemRoot%\MEMORY.DMP</c>, and a dump on an NMI (<c>NMICrashDump</c>=1) so the Serial
/// Console's "Send NMI" captures a hung VM. DumpFile must be REG_EXPAND_SZ: Windows expands
/// %SystemRoot% only in that type, so a REG_SZ with the same text is converted.
/// </summary>
public sealed class CrashDumpRepair : IRepair
{
    public const string RepairName = "crash-dump";

    public const string DumpFile = @"%SystemRoot%\MEMORY.DMP";

    public string Name => RepairName;

    public string Summary => "write a complete memory dump to %SystemRoot%\\MEMORY.DMP on a crash or an NMI";

    public string ArticleStep => "offline: enable dump log";

    public IReadOnlyList<HiveKind> Hives => [HiveKind.System];

    public RepairPlan Plan(RepairContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var system = RepairInputs.RequireSystem(context, Name);
        var plan = new PlanBuilder(Name, HiveKind.System, system);
        var sets = RepairInputs.ChooseControlSets(context, system, plan);

        foreach (var set in sets.ControlSets)
        {
            var crashControl = RegistryPaths.Under(set, RegistryPaths.CrashControl);
            plan.SetDWord(crashControl, "CrashDumpEnabled", 1);
            plan.SetValue(crashControl, "DumpFile", RegistryValueType.ExpandString, RegistryData.String(DumpFile));
            plan.SetDWord(crashControl, "NMICrashDump", 1);
        }

        plan.Note("a complete dump needs a page file on the Windows volume at least as large as the VM's memory");
        return plan.Build();
    }
}
