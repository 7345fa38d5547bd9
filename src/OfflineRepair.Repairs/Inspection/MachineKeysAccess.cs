using OfflineRepair.Repairs.Repairs;
using OfflineRepair.Security;
using OfflineRepair.Targets;

namespace OfflineRepair.Repairs.Inspection;

/// <summary>
/// Whether the MachineKeys folder and the RDP key file let Remote Desktop use its key: TermService
/// runs as NETWORK SERVICE and must read the key file (and list the folder); SYSTEM must read it
/// too. Rights are worked out as Windows grants them to that account: allow entries for the account,
/// Everyone or Authenticated Users, less deny entries for the same, inherit-only entries ignored.
/// </summary>
public static class MachineKeysAccess
{
    /// <summary>FILE_GENERIC_READ (icacls R): what reading a key file needs.</summary>
    public const uint ReadAccess = 0x120089;

    /// <summary>What the account may do by this descriptor's DACL (no DACL: everything).</summary>
    public static uint Effective(SecurityDescriptor descriptor, SecurityIdentifier account)
    {
        if (descriptor.Dacl is not { } dacl)
        {
            return uint.MaxValue;
        }

        uint allowed = 0;
        uint denied = 0;
        foreach (var entry in dacl.Entries)
        {
            if ((entry.Flags & AceFlags.InheritOnly) != 0 || entry.Sid is not { } sid || !AppliesTo(sid, account))
            {
                continue;
            }

            var mask = Expand(entry.Mask);
            if (entry.Type == AceType.AccessDenied)
            {
                // Windows stops at the first entry deciding a right; in a canonical DACL denies come first.
                denied |= mask & ~allowed;
            }
            else if (entry.Type == AceType.AccessAllowed)
            {
                allowed |= mask & ~denied;
            }
        }

        return allowed & ~denied;
    }

    /// <summary>Reads the folder and the RDP key file(s) of a target, with what each lacks for Remote Desktop.</summary>
    public static MachineKeysReport? Read(ITarget target, string? machineGuid)
    {
        var folder = WindowsPaths.MachineKeysFolder;
        if (!target.FolderExists(folder))
        {
            return null;
        }

        if (target.SecurityDescriptorRefusal(folder) is { } refusal)
        {
            return new MachineKeysReport(folder, null, null, [], refusal);
        }

        var folderReading = Describe(target, folder, isFolder: true);
        var keys = target.List(folder)
            .Where(e => !e.IsFolder && e.Name.StartsWith(MachineKeysRepair.RdpKeyPrefix, StringComparison.OrdinalIgnoreCase)
                && (machineGuid is null || e.Name.Equals(MachineKeysRepair.RdpKeyPrefix + machineGuid, StringComparison.OrdinalIgnoreCase)))
            .Select(e => Describe(target, folder + "\\" + e.Name, isFolder: false))
            .ToList();
        return new MachineKeysReport(folder, folderReading.Sddl, folderReading, keys, null);
    }

    private static PermissionReading Describe(ITarget target, string path, bool isFolder)
    {
        SecurityDescriptor descriptor;
        try
        {
            descriptor = SecurityDescriptor.Parse(target.ReadSecurityDescriptor(path));
        }
        catch (Exception e) when (e is SecurityFormatException or IOException)
        {
            return new PermissionReading(path, null, false, [$"unreadable: {e.Message}"]);
        }

        var blocking = new List<string>();
        if ((Effective(descriptor, WellKnownSids.NetworkService) & ReadAccess) != ReadAccess)
        {
            blocking.Add("NETWORK SERVICE (TermService) cannot read it");
        }

        if (!isFolder && (Effective(descriptor, WellKnownSids.LocalSystem) & ReadAccess) != ReadAccess)
        {
            blocking.Add("SYSTEM cannot read it");
        }

        var sddl = descriptor.ToSddl();
        var findings = new List<string>(blocking);
        if (isFolder && sddl != MachineKeysRepair.DefaultFolderSddl)
        {
            findings.Add($"differs from Windows' default {MachineKeysRepair.DefaultFolderSddl}");
        }

        return new PermissionReading(path, sddl, blocking.Count == 0, findings);
    }

    private static bool AppliesTo(SecurityIdentifier entry, SecurityIdentifier account) =>
        entry.Equals(account) || entry.Equals(WellKnownSids.Everyone)
        || (entry.Equals(WellKnownSids.AuthenticatedUsers) && !account.Equals(WellKnownSids.Everyone));

    /// <summary>Generic rights as file rights (GA → FA, GR → FR, GW → FW, GX → FX).</summary>
    private static uint Expand(uint mask)
    {
        uint result = mask & 0x0FFFFFFF;
        if ((mask & 0x10000000) != 0)
        {
            result |= 0x1F01FF;
        }

        if ((mask & 0x80000000) != 0)
        {
            result |= 0x120089;
        }

        if ((mask & 0x40000000) != 0)
        {
            result |= 0x120116;
        }

        if ((mask & 0x20000000) != 0)
        {
            result |= 0x1200A0;
        }

        return result;
    }
}

/// <summary>
/// The MachineKeys folder and the RDP key file(s) as found: <paramref name="Problem"/> says why
/// permissions could not be read (hive files, a mount without them).
/// </summary>
public sealed record MachineKeysReport(string Folder, string? FolderSddl, PermissionReading? FolderReading, IReadOnlyList<PermissionReading> RdpKeyFiles, string? Problem);

/// <summary>One path's permissions: SDDL (null when unreadable), whether Remote Desktop gets what it needs, and what is missing.</summary>
public sealed record PermissionReading(string Path, string? Sddl, bool AllowsRemoteDesktop, IReadOnlyList<string> Findings);
