namespace OfflineRepair.Repairs.Planning;

/// <summary>
/// One repair of the article: reads the hives and says what it would change. It never writes;
/// a repair that finds everything in place plans nothing, so running fix twice changes nothing the
/// second time.
/// </summary>
public interface IRepair
{
    /// <summary>The name used on the command line (tls, nla, crash-dump, ...).</summary>
    string Name { get; }

    /// <summary>One line on what it fixes.</summary>
    string Summary { get; }

    /// <summary>The article's step it implements.</summary>
    string ArticleStep { get; }

    /// <summary>The hives it needs; when the target lacks one, the repair is skipped with that reason.</summary>
    IReadOnlyList<HiveKind> Hives { get; }

    /// <summary>Hives it reads when the target has them (machine-keys: SOFTWARE for the Windows build), never a reason to skip.</summary>
    IReadOnlyList<HiveKind> OptionalHives => [];

    /// <summary>Why the repair cannot run on this target whatever the hives hold (no MachineKeys folder, no permissions to edit), or null.</summary>
    string? Unavailable(RepairContext context) => null;

    /// <summary>The changes that would put the setting in place (empty when it is in place), and notes for the user.</summary>
    RepairPlan Plan(RepairContext context);
}

/// <summary>
/// What one repair plans: its changes to hives, its changes to files' permissions, and what the user
/// should know (control sets chosen, thumbprint removed, ...).
/// </summary>
public sealed record RepairPlan(string Repair, IReadOnlyList<PlannedChange> Changes, IReadOnlyList<string> Notes, IReadOnlyList<PermissionChange>? PermissionChanges = null)
{
    public IReadOnlyList<PermissionChange> Permissions => PermissionChanges ?? [];

    public bool IsEmpty => Changes.Count == 0 && Permissions.Count == 0;
}
