using OfflineRepair.Registry;
using OfflineRepair.Registry.Checking;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Targets;

namespace OfflineRepair.Repairs.Execution;

/// <summary>Runs <c>check</c>: every hive's structure and every repair's remaining plan, all read-only.</summary>
public static class CheckRunner
{
    public static CheckReport Check(ITarget target, IReadOnlyList<IRepair> repairs, RepairOptions options, bool forceDirty)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(repairs);
        // With no repair named, every hive the target has is still checked for soundness.
        IReadOnlyList<HiveKind> kinds = repairs.Count == 0 ? Enum.GetValues<HiveKind>() : repairs.SelectMany(r => r.Hives.Concat(r.OptionalHives)).Distinct().ToList();
        using var hives = HiveSet.Open(target, kinds, new HiveSetOptions { ForceDirty = forceDirty });

        var hiveChecks = new List<HiveCheck>();
        foreach (var opened in hives.Opened)
        {
            hiveChecks.Add(CheckHive(opened));
        }

        foreach (var unreadable in hives.Unavailable.Where(u => !u.Absent))
        {
            hiveChecks.Add(new HiveCheck(unreadable.Kind, unreadable.TargetPath, false, "unreadable", [unreadable.Reason]));
        }

        var repairChecks = new List<RepairCheck>();
        var skipped = new List<SkippedRepair>();
        foreach (var repair in repairs)
        {
            var missing = repair.Hives.Select(hives.FindUnavailable).OfType<UnavailableHive>().FirstOrDefault();
            if (missing is { Absent: true })
            {
                skipped.Add(new SkippedRepair(repair.Name, HivePaths.MissingReason(missing.Kind)));
                continue;
            }

            if (missing is not null)
            {
                repairChecks.Add(new RepairCheck(repair.Name, null, $"the {HivePaths.Name(missing.Kind)} hive cannot be read"));
                continue;
            }

            var context = hives.ContextFor(options);
            if (repair.Unavailable(context) is { } unavailable)
            {
                skipped.Add(new SkippedRepair(repair.Name, unavailable));
                continue;
            }

            try
            {
                repairChecks.Add(new RepairCheck(repair.Name, repair.Plan(context), null));
            }
            catch (Exception e) when (e is RepairException or HiveFormatException or IOException)
            {
                repairChecks.Add(new RepairCheck(repair.Name, null, e.Message));
            }
        }

        return new CheckReport(target.Description, hiveChecks, repairChecks, skipped);
    }

    private static HiveCheck CheckHive(OpenedHive opened)
    {
        try
        {
            var report = HiveChecker.Check(opened.Hive);
            return new HiveCheck(opened.Kind, opened.TargetPath, report.IsSound, opened.Describe(), report.Problems);
        }
        catch (HiveFormatException e)
        {
            return new HiveCheck(opened.Kind, opened.TargetPath, false, opened.Describe(), [e.Message]);
        }
    }
}
