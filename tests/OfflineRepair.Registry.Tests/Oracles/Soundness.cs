using OfflineRepair.Registry.Checking;

namespace OfflineRepair.Registry.Tests.Oracles;

/// <summary>What a written hive must keep compared with the hive before the edit, by <see cref="HiveChecker"/>.</summary>
internal static class Soundness
{
    /// <summary>
    /// No problems; no more max-length warnings than before; no allocated cell that nothing
    /// references unless it was already unreferenced before (the writer must never leak a cell).
    /// </summary>
    public static HiveCheckReport AssertNoNewDamage(Hive written, HiveCheckReport before)
    {
        var after = HiveChecker.Check(written);
        Assert.True(after.IsSound, "after the edit: " + after);
        Assert.True(after.Warnings.Count <= before.Warnings.Count,
            $"the edit added max-length warnings ({before.Warnings.Count} before, {after.Warnings.Count} after): " +
            string.Join("; ", after.Warnings.Except(before.Warnings, StringComparer.Ordinal).Take(10)));
        var leaked = after.UnreachableCells.Except(before.UnreachableCells).ToList();
        Assert.True(leaked.Count == 0 && after.UnreachableCells.Count <= before.UnreachableCells.Count,
            $"the edit left {leaked.Count} allocated cell(s) nothing references (before: {before.UnreachableCells.Count}, after: {after.UnreachableCells.Count}): " +
            string.Join(", ", leaked.Take(20).Select(c => $"0x{c + 4096:X}")));
        return after;
    }

    /// <summary>A hive the writer made from nothing: no problems, no warnings, no unreferenced cell.</summary>
    public static HiveCheckReport AssertPristine(Hive written)
    {
        var report = HiveChecker.Check(written);
        Assert.True(report.IsSound, report.ToString());
        Assert.True(report.Warnings.Count == 0, "warnings: " + string.Join("; ", report.Warnings.Take(10)));
        Assert.True(report.UnreachableCells.Count == 0, "unreferenced allocated cells at " + string.Join(", ", report.UnreachableCells.Take(20).Select(c => $"0x{c + 4096:X}")));
        return report;
    }
}
