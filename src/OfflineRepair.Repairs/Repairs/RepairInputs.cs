using OfflineRepair.Registry;
using OfflineRepair.Repairs.ControlSets;
using OfflineRepair.Repairs.Execution;
using OfflineRepair.Repairs.Planning;

namespace OfflineRepair.Repairs.Repairs;

/// <summary>What every repair checks before planning: the hive it needs is there, and which control sets to edit.</summary>
internal static class RepairInputs
{
    public static Hive RequireSystem(RepairContext context, string repair) =>
        context.System ?? throw new RepairException($"the {repair} repair needs the SYSTEM hive (Windows\\System32\\config\\SYSTEM), which the target does not have");

    public static Hive RequireSoftware(RepairContext context, string repair) =>
        context.Software ?? throw new RepairException($"the {repair} repair needs the SOFTWARE hive (Windows\\System32\\config\\SOFTWARE), which the target does not have");

    public static Hive RequireBcd(RepairContext context, string repair) =>
        context.Bcd ?? throw new RepairException($"the {repair} repair needs the BCD store ({HivePaths.BcdHint}), which the target does not have");

    /// <summary>The control sets to edit, with the note saying which (and what Select named that is not there) added to the plan.</summary>
    public static ControlSetChoice ChooseControlSets(RepairContext context, Hive system, PlanBuilder plan)
    {
        var choice = ControlSetResolver.Resolve(system, context.Options.ControlSets);
        plan.Note("control sets: " + choice.Note);
        return choice;
    }
}
