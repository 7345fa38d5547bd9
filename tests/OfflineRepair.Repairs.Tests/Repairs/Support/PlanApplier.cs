using OfflineRepair.Registry;
using OfflineRepair.Repairs.Planning;

namespace OfflineRepair.Repairs.Tests.Repairs.Support;

/// <summary>
/// The smallest applier that can check a plan: each change done with the hive engine's own edit
/// calls, then one commit. (The real one, with backup and verification, is Execution's.)
/// </summary>
internal static class PlanApplier
{
    public static void Apply(Hive hive, RepairPlan plan)
    {
        foreach (var change in plan.Changes)
        {
            switch (change)
            {
                case CreateKeyChange create:
                    hive.Root.CreateKey(create.KeyPath);
                    break;
                case SetValueChange set:
                    hive.Root.CreateKey(set.KeyPath).SetValue(set.ValueName, set.NewType, set.NewData);
                    break;
                case DeleteKeyChange delete:
                    int cut = delete.KeyPath.LastIndexOf('\\');
                    var parent = cut < 0 ? hive.Root : hive.OpenKey(delete.KeyPath[..cut])!;
                    Assert.True(parent.DeleteSubkeyTree(delete.KeyPath[(cut + 1)..]), $"nothing to delete at {delete.KeyPath}");
                    break;
                default:
                    throw new InvalidOperationException($"unknown change {change}");
            }
        }

        hive.Commit();
    }
}
