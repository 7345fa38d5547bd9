namespace OfflineRepair.Security;

/// <summary>ACE_HEADER.AceFlags: inheritance (the first five) and, in SACLs, which accesses are audited.</summary>
[Flags]
public enum AceFlags : byte
{
    None = 0,

    /// <summary>OI: files (non-container children) inherit the ACE.</summary>
    ObjectInherit = 0x01,

    /// <summary>CI: folders (container children) inherit the ACE.</summary>
    ContainerInherit = 0x02,

    /// <summary>NP: children inherit it but do not pass it on.</summary>
    NoPropagateInherit = 0x04,

    /// <summary>IO: only for inheritance, no effect on the object itself.</summary>
    InheritOnly = 0x08,

    /// <summary>ID: the ACE came from the parent, it was not set on the object.</summary>
    Inherited = 0x10,

    /// <summary>SA: audit successful accesses.</summary>
    SuccessfulAccess = 0x40,

    /// <summary>FA: audit failed accesses.</summary>
    FailedAccess = 0x80,

    /// <summary>OI | CI | NP | IO: the flags icacls' (OI)(CI)(NP)(IO) set.</summary>
    InheritanceFlags = ObjectInherit | ContainerInherit | NoPropagateInherit | InheritOnly,
}
