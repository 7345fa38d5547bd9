using OfflineRepair.Registry;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Repairs.Support;

/// <summary>
/// Plan on a writable copy, apply, check every planned value with hivex, re-open and re-plan:
/// a repair in place plans nothing the second time.
/// </summary>
internal static class RoundTrip
{
    public sealed record Result(RepairPlan First, RepairPlan Second, string HivePath);

    public static Result Run(IRepair repair, string which, RepairOptions options, TemporaryDirectory folder)
    {
        var path = SystemHives.Copy(folder, which);
        RepairPlan first;
        using (var hive = SystemHives.OpenWritable(path))
        {
            first = repair.Plan(new RepairContext(hive, null, options));
            PlanApplier.Apply(hive, first);
        }

        foreach (var set in first.Changes.OfType<SetValueChange>())
        {
            var read = Hivex.Value(path, set.KeyPath, set.ValueName);
            Assert.NotNull(read);
            Assert.Equal(set.NewType, read.Type);
            Assert.Equal(set.NewData, read.Data);
        }

        using var reopened = Hive.Open(path);
        var second = repair.Plan(new RepairContext(reopened, null, options));
        Assert.Empty(second.Changes);
        return new Result(first, second, path);
    }
}
