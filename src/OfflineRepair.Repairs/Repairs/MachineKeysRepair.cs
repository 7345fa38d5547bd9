using OfflineRepair.Repairs.Inspection;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Security;
using OfflineRepair.Targets;

namespace OfflineRepair.Repairs.Repairs;

/// <summary>
/// "The local RSA keys cannot be read": Remote Desktop cannot use its certificate's private key when
/// the MachineKeys folder's or the key file's permissions are wrong. The article's offline step is
/// <c>takeown /f ...\MachineKeys /a /r</c> then <c>icacls ... /t /c /grant</c> SYSTEM:F, NETWORK SERVICE:R
/// and Administrators:F; that is the default mode. <c>--mode defaults</c> puts back Windows' own
/// least-privilege descriptors instead (research bcd_azure.md §5.6).
/// </summary>
public sealed class MachineKeysRepair : IRepair
{
    public const string RepairName = "machine-keys";

    /// <summary>The RDP listener's key container (TSSecKeySet1) is this prefix and the MachineGuid.</summary>
    public const string RdpKeyPrefix = "f686aace6942fb7f7ceb231212eef4a4_";

    /// <summary>The folder's descriptor on every Windows measured (Server 2012 R2 to 2025, Windows 11).</summary>
    public const string DefaultFolderSddl = "O:SYG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)";

    /// <summary>From this build (Server 2019) the RDP key file grants NT SERVICE\SessionEnv full control instead of Administrators read.</summary>
    public const int SessionEnvFromBuild = 17763;

    public string Name => RepairName;

    public string Summary => "MachineKeys folder and key files: owner Administrators; SYSTEM full, NETWORK SERVICE read, Administrators full (or Windows' defaults with --mode defaults)";

    public string ArticleStep => "Reset the permission for MachineKeys folder (takeown /a /r; icacls /t /c /grant SYSTEM:F, NETWORK SERVICE:R, Administrators:F)";

    public IReadOnlyList<HiveKind> Hives => [];

    public IReadOnlyList<HiveKind> OptionalHives => [HiveKind.Software];

    public string? Unavailable(RepairContext context)
    {
        if (context.Target is not { Kind: not TargetKind.HiveFiles } target)
        {
            return "needs the Windows volume (a drive letter, a mounted folder or a disk image), not hive files alone";
        }

        if (!target.FolderExists(WindowsPaths.MachineKeysFolder))
        {
            return $"the target has no {WindowsPaths.MachineKeysFolder} folder";
        }

        return target.SecurityDescriptorRefusal(WindowsPaths.MachineKeysFolder);
    }

    public RepairPlan Plan(RepairContext context)
    {
        var target = context.Target ?? throw new RepairException(Unavailable(context)!);
        var folder = WindowsPaths.MachineKeysFolder;
        var notes = new List<string>();
        var changes = new List<PermissionChange>();
        var entries = target.List(folder);
        var files = entries.Where(e => !e.IsFolder).Select(e => folder + "\\" + e.Name).ToList();
        if (entries.Any(e => e.IsFolder))
        {
            notes.Add($"subfolders of MachineKeys are left as they are: {string.Join(", ", entries.Where(e => e.IsFolder).Select(e => e.Name))}");
        }

        var machineGuid = MachineKeysInputs.MachineGuid(context.Software);
        var build = MachineKeysInputs.Build(context.Software);
        var mode = context.Options.MachineKeys;
        notes.Add(mode == MachineKeysMode.Article
            ? $"article mode: the folder and its {files.Count} file(s) get owner Administrators and SYSTEM:F, NETWORK SERVICE:R, Administrators:F added"
            : $"defaults mode: the folder gets {DefaultFolderSddl}; the RDP key file Windows' own descriptor; other key files only gain SYSTEM:F");

        Consider(target, folder, current => mode == MachineKeysMode.Article ? ArticleResult(current) : SecurityDescriptor.ParseSddl(DefaultFolderSddl), changes);
        foreach (var file in files)
        {
            Func<SecurityDescriptor, SecurityDescriptor> wanted;
            if (mode == MachineKeysMode.Article)
            {
                wanted = ArticleResult;
            }
            else if (IsRdpKey(file, machineGuid) && build is { } known)
            {
                wanted = _ => SecurityDescriptor.ParseSddl(RdpKeyDefaultSddl(known));
            }
            else
            {
                wanted = GainSystemFull;
            }

            Consider(target, file, wanted, changes);
        }

        if (mode == MachineKeysMode.Defaults && build is null && files.Any(f => IsRdpKey(f, machineGuid)))
        {
            notes.Add("the Windows build is unknown (no readable SOFTWARE hive), so the RDP key file only gains SYSTEM:F; give --software FILE to restore its default");
        }

        foreach (var file in files.Where(f => IsRdpKey(f, machineGuid)))
        {
            var after = changes.FirstOrDefault(c => c.Path == file)?.After ?? target.ReadSecurityDescriptor(file);
            var descriptor = SecurityDescriptor.Parse(after);
            if ((MachineKeysAccess.Effective(descriptor, WellKnownSids.NetworkService) & MachineKeysAccess.ReadAccess) != MachineKeysAccess.ReadAccess)
            {
                notes.Add($"{file[(file.LastIndexOf('\\') + 1)..]}: NETWORK SERVICE still cannot read it (a deny entry stays, as with icacls); --mode defaults replaces its permissions with Windows' own");
            }
        }

        if (machineGuid is not null)
        {
            var rdpKey = RdpKeyPrefix + machineGuid;
            notes.Add(files.Any(f => f.EndsWith("\\" + rdpKey, StringComparison.OrdinalIgnoreCase))
                ? $"RDP key file: {rdpKey} (MachineGuid from SOFTWARE)"
                : $"no RDP key file {rdpKey}: Windows makes a new certificate and key when Remote Desktop starts");
        }

        return new RepairPlan(Name, [], notes, changes);
    }

    /// <summary>Windows' RDP key file descriptor: SYSTEM full, NETWORK SERVICE read, then Administrators read (up to 14393) or NT SERVICE\SessionEnv full (17763 on).</summary>
    public static string RdpKeyDefaultSddl(int build) =>
        build >= SessionEnvFromBuild
            ? $"O:SYG:SYD:P(A;;FA;;;SY)(A;;FR;;;NS)(A;;FA;;;{SecurityIdentifier.ForService("SessionEnv")})"
            : "O:SYG:SYD:P(A;;FA;;;SY)(A;;FR;;;NS)(A;;FR;;;BA)";

    /// <summary>takeown /a, then the three icacls /grant commands, in the article's order.</summary>
    public static SecurityDescriptor ArticleResult(SecurityDescriptor current)
    {
        var result = Icacls.TakeOwnership(current);
        result = Icacls.Grant(result, WellKnownSids.LocalSystem, IcaclsRights.Parse("F"), AceFlags.None);
        result = Icacls.Grant(result, WellKnownSids.NetworkService, IcaclsRights.Parse("R"), AceFlags.None);
        return Icacls.Grant(result, WellKnownSids.Administrators, IcaclsRights.Parse("F"), AceFlags.None);
    }

    private static SecurityDescriptor GainSystemFull(SecurityDescriptor current) =>
        AllowsFully(current, WellKnownSids.LocalSystem)
            ? current
            : Icacls.Grant(current, WellKnownSids.LocalSystem, IcaclsRights.Parse("F"), AceFlags.None);

    private static bool AllowsFully(SecurityDescriptor descriptor, SecurityIdentifier sid)
    {
        const uint Full = 0x1F01FF;
        return descriptor.Dacl is { } dacl
            && dacl.Entries.Any(e => e.Type == AceType.AccessAllowed && sid.Equals(e.Sid) && (e.Flags & AceFlags.InheritOnly) == 0 && (e.Mask & Full) == Full);
    }

    private static bool IsRdpKey(string path, string? machineGuid)
    {
        var name = path[(path.LastIndexOf('\\') + 1)..];
        return machineGuid is null
            ? name.StartsWith(RdpKeyPrefix, StringComparison.OrdinalIgnoreCase)
            : name.Equals(RdpKeyPrefix + machineGuid, StringComparison.OrdinalIgnoreCase);
    }

    private static void Consider(ITarget target, string path, Func<SecurityDescriptor, SecurityDescriptor> wanted, List<PermissionChange> changes)
    {
        var before = target.ReadSecurityDescriptor(path);
        SecurityDescriptor current;
        try
        {
            current = SecurityDescriptor.Parse(before);
        }
        catch (SecurityFormatException e)
        {
            throw new RepairException($"the permissions of {target.Locate(path)} cannot be read: {e.Message}");
        }

        var after = wanted(current).ToBytes();
        if (!after.AsSpan().SequenceEqual(before))
        {
            changes.Add(new PermissionChange(RepairName, path, before, current.ToSddl(), after, SecurityDescriptor.Parse(after).ToSddl()));
        }
    }
}
