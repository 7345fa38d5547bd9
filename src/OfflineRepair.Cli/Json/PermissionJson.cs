using OfflineRepair.Repairs.Planning;

namespace OfflineRepair.Cli.Json;

/// <summary>A path's permissions before and after (SDDL); <c>location</c> is where it really is, once written.</summary>
internal sealed record PermissionJson(string Path, string? Location, string Before, string After)
{
    public static List<PermissionJson> Create(IEnumerable<PermissionChange> changes) =>
        [.. changes.Select(c => new PermissionJson(c.Path, null, c.BeforeSddl, c.AfterSddl))];
}
