namespace OfflineRepair.Security;

/// <summary>
/// What <c>takeown /a</c> and <c>icacls /grant</c> do to one file's descriptor, for the article's offline
/// MachineKeys procedure (research/bcd_azure.md §5.6): <c>takeown /f … /a /r</c> then
/// <c>icacls … /grant "NT AUTHORITY\System:(F)" "NT AUTHORITY\NETWORK SERVICE:(R)" "BUILTIN\Administrators:(F)"</c>.
/// Nothing here propagates to children: offline, each file's descriptor is computed and written on its own.
/// </summary>
public static class Icacls
{
    /// <summary>
    /// <c>icacls /grant SID:rights</c> (without :r): the rights are added to what the SID is already granted
    /// explicitly. When the DACL holds an explicit (not inherited) allow ACE for the same SID with exactly
    /// the same flags, its mask gets the rights ORed in. Otherwise a new explicit allow ACE is inserted
    /// where canonical order puts it: after the explicit ACEs (deny first, then allow), before the first
    /// inherited ACE. Deny ACEs are left alone (only /deny touches them). Granting what is already granted
    /// returns the descriptor unchanged, byte for byte.
    /// <para>
    /// A descriptor without a DACL, or with a NULL DACL, lets everyone do everything. Windows' icacls does
    /// not merge into "everything": it writes a DACL, and so do we, holding just this grant, which
    /// restricts access to what the grant says.
    /// </para>
    /// </summary>
    /// <param name="inheritance">The (OI)(CI)(IO)(NP) flags of the grant; <see cref="AceFlags.Inherited"/> is not allowed.</param>
    public static SecurityDescriptor Grant(SecurityDescriptor descriptor, SecurityIdentifier sid, uint rights, AceFlags inheritance = AceFlags.None)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(sid);
        if ((inheritance & ~AceFlags.InheritanceFlags) != 0)
        {
            throw new ArgumentException($"a grant carries only inheritance flags (OI, CI, IO, NP), not {inheritance & ~AceFlags.InheritanceFlags}", nameof(inheritance));
        }

        var grant = new AccessControlEntry(AceType.AccessAllowed, inheritance, rights, sid);
        if (descriptor.GrantsEveryoneFullAccess)
        {
            return descriptor.WithDacl(new AccessControlList([grant]));
        }

        var dacl = descriptor.Dacl!;
        for (var i = 0; i < dacl.Count; i++)
        {
            var ace = dacl[i];
            if (ace.Type == AceType.AccessAllowed && !ace.IsInherited && ace.Flags == inheritance && sid.Equals(ace.Sid))
            {
                var merged = ace.Mask | rights;
                return merged == ace.Mask ? descriptor : descriptor.WithDacl(dacl.Replace(i, ace.WithMask(merged)));
            }
        }

        return descriptor.WithDacl(dacl.Insert(ExplicitEnd(dacl), grant));
    }

    /// <summary><c>takeown /a</c>: the owner becomes BUILTIN\Administrators; group and ACLs are untouched.</summary>
    public static SecurityDescriptor TakeOwnership(SecurityDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return WellKnownSids.Administrators.Equals(descriptor.Owner) ? descriptor : descriptor.WithOwner(WellKnownSids.Administrators);
    }

    /// <summary>
    /// Whether the ACL is in canonical order ("Order of ACEs in a DACL"): explicit deny, then explicit
    /// allow, then inherited ACEs. Inherited ACEs are not checked among themselves: they come in groups
    /// by generation (parent's first), each deny before allow, and the groups cannot be told apart from
    /// the ACL alone. ACE types that neither allow nor deny (audit, labels) do not count.
    /// </summary>
    public static bool IsCanonical(AccessControlList acl)
    {
        ArgumentNullException.ThrowIfNull(acl);
        var stage = 0;
        foreach (var ace in acl.Entries)
        {
            var aceStage = StageOf(ace);
            if (aceStage is null)
            {
                continue;
            }

            if (aceStage < stage)
            {
                return false;
            }

            stage = aceStage.Value;
        }

        return true;
    }

    // 0 explicit deny, 1 explicit allow, 2 inherited; null for ACEs that do not grant or deny.
    private static int? StageOf(AccessControlEntry ace)
    {
        bool deny;
        switch (ace.Type)
        {
            case AceType.AccessDenied or AceType.AccessDeniedObject or AceType.AccessDeniedCallback or AceType.AccessDeniedCallbackObject:
                deny = true;
                break;
            case AceType.AccessAllowed or AceType.AccessAllowedObject or AceType.AccessAllowedCallback or AceType.AccessAllowedCallbackObject
                or AceType.AccessAllowedCompound:
                deny = false;
                break;
            default:
                return null;
        }

        return ace.IsInherited ? 2 : deny ? 0 : 1;
    }

    // Where a new explicit allow ACE goes: before the first inherited ACE, i.e. after every explicit one.
    private static int ExplicitEnd(AccessControlList dacl)
    {
        for (var i = 0; i < dacl.Count; i++)
        {
            if (dacl[i].IsInherited)
            {
                return i;
            }
        }

        return dacl.Count;
    }
}
