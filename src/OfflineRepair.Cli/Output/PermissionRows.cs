using OfflineRepair.Repairs.Planning;

namespace OfflineRepair.Cli.Output;

/// <summary>Permission changes for people: each path with its SDDL before and after, on lines of their own (SDDL is long).</summary>
internal static class PermissionRows
{
    public static void Write(TextWriter output, IEnumerable<PermissionChange> changes)
    {
        foreach (var change in changes)
        {
            output.WriteLine($"{change.Repair,-14}  {change.Path}");
            output.WriteLine($"{"",-14}    before: {change.BeforeSddl}");
            output.WriteLine($"{"",-14}    after:  {change.AfterSddl}");
        }
    }
}
