using OfflineRepair.Repairs.Execution;

namespace OfflineRepair.Cli.Repairs;

/// <summary>
/// A hive the target has but that cannot be read (damaged, dirty without logs) stops inspect and fix
/// with its reason: reading around it would show or change a half-known system.
/// </summary>
internal static class HiveRefusal
{
    public static void ThrowIfUnreadable(HiveSet hives)
    {
        if (hives.Unavailable.FirstOrDefault(h => !h.Absent) is { } unreadable)
        {
            throw new BadInputException(unreadable.Reason.TrimEnd('.') + ". Nothing was written.");
        }

        if (hives.Opened.Count == 0)
        {
            throw new BadInputException("the target has no SYSTEM or SOFTWARE hive and no BCD store. Nothing was written.");
        }
    }
}
