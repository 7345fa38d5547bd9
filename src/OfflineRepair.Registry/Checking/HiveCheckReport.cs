namespace OfflineRepair.Registry.Checking;

/// <summary>
/// What <see cref="HiveChecker"/> found: rule violations (Problems), max-length fields too small
/// (Warnings: Windows tolerates them in old hives, our writer must not add any), and allocated
/// cells nothing points at.
/// </summary>
public sealed record HiveCheckReport(
    IReadOnlyList<string> Problems,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<uint> UnreachableCells,
    int Keys,
    int Values,
    int SecurityCells)
{
    public bool IsSound => Problems.Count == 0;

    public override string ToString() =>
        IsSound
            ? $"sound: {Warnings.Count} warning(s), {Keys} keys, {Values} values, {SecurityCells} security cells, {UnreachableCells.Count} unreachable cells"
            : $"{Problems.Count} problem(s): " + string.Join("; ", Problems.Take(20));
}
