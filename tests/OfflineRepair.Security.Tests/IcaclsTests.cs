namespace OfflineRepair.Security.Tests;

public sealed class IcaclsTests
{
    private static readonly SecurityIdentifier System = WellKnownSids.LocalSystem;
    private static readonly SecurityIdentifier NetworkService = WellKnownSids.NetworkService;
    private static readonly SecurityIdentifier Administrators = WellKnownSids.Administrators;

    // The article's offline procedure: takeown /a, then
    // icacls /grant "NT AUTHORITY\System:(F)" "NT AUTHORITY\NETWORK SERVICE:(R)" "BUILTIN\Administrators:(F)".
    private static SecurityDescriptor ArticleProcedure(SecurityDescriptor sd)
    {
        sd = Icacls.TakeOwnership(sd);
        sd = Icacls.Grant(sd, System, IcaclsRights.Parse("F"));
        sd = Icacls.Grant(sd, NetworkService, IcaclsRights.Parse("R"));
        return Icacls.Grant(sd, Administrators, IcaclsRights.Parse("F"));
    }

    [Fact]
    public void Article_procedure_on_the_machine_keys_folder()
    {
        var folder = SecurityDescriptor.ParseSddl("O:SYG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)");
        var result = ArticleProcedure(folder);

        // Administrators already had an explicit FA: merged, not repeated; SYSTEM and NETWORK SERVICE are
        // appended after the explicit allows.
        Assert.Equal("O:BAG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)(A;;FA;;;SY)(A;;FR;;;NS)", result.ToSddl());
        Assert.True(result.HasWindowsLayout);
        Assert.True(Icacls.IsCanonical(result.Dacl!));
    }

    [Fact]
    public void Article_procedure_with_deny_and_inherited_aces_keeps_canonical_order()
    {
        var file = SecurityDescriptor.ParseSddl("O:SYG:SYD:AI(D;;FA;;;BG)(A;;FR;;;NS)(A;ID;FA;;;SY)(A;ID;0x12019f;;;WD)");
        var result = ArticleProcedure(file);
        Assert.Equal("O:BAG:SYD:AI(D;;FA;;;BG)(A;;FR;;;NS)(A;;FA;;;SY)(A;;FA;;;BA)(A;ID;FA;;;SY)(A;ID;0x12019f;;;WD)", result.ToSddl());
        Assert.True(Icacls.IsCanonical(result.Dacl!));
    }

    [Fact]
    public void Granting_twice_changes_nothing()
    {
        var file = SecurityDescriptor.ParseSddl("O:SYG:SYD:AI(D;;FA;;;BG)(A;ID;FA;;;SY)(A;ID;FA;;;BA)");
        var once = ArticleProcedure(file);
        var twice = ArticleProcedure(once);
        Assert.Same(once, twice);
        Assert.Equal(once.ToBytes(), twice.ToBytes());

        // Also for a descriptor read from bytes in another layout: nothing to change means nothing rewritten.
        var parsed = SecurityDescriptor.Parse(once.ToBytes());
        Assert.Same(parsed, ArticleProcedure(parsed));
    }

    [Fact]
    public void Grant_ors_into_an_explicit_allow_with_the_same_flags_only()
    {
        var sd = SecurityDescriptor.ParseSddl("D:(A;;FR;;;SY)(A;OICI;FR;;;BA)(A;ID;FR;;;NS)");
        Assert.Equal("D:(A;;FA;;;SY)(A;OICI;FR;;;BA)(A;ID;FR;;;NS)", Icacls.Grant(sd, System, AccessMasks.FileAllAccess).ToSddl());

        // Different inheritance flags: a new ACE; an inherited ACE is never merged into.
        Assert.Equal("D:(A;;FR;;;SY)(A;OICI;FR;;;BA)(A;;FA;;;BA)(A;ID;FR;;;NS)", Icacls.Grant(sd, Administrators, AccessMasks.FileAllAccess).ToSddl());
        Assert.Equal("D:(A;;FR;;;SY)(A;OICI;FR;;;BA)(A;;FA;;;NS)(A;ID;FR;;;NS)", Icacls.Grant(sd, NetworkService, AccessMasks.FileAllAccess).ToSddl());

        // With (OI)(CI) it merges into the matching ACE.
        var inheritable = Icacls.Grant(sd, Administrators, IcaclsRights.ParsePermission("(OI)(CI)F", out var flags), flags);
        Assert.Equal("D:(A;;FR;;;SY)(A;OICI;FA;;;BA)(A;ID;FR;;;NS)", inheritable.ToSddl());
    }

    [Fact]
    public void Grant_leaves_deny_aces_alone()
    {
        var sd = SecurityDescriptor.ParseSddl("D:(D;;FW;;;NS)(A;;FA;;;SY)");
        Assert.Equal("D:(D;;FW;;;NS)(A;;FA;;;SY)(A;;FR;;;NS)", Icacls.Grant(sd, NetworkService, IcaclsRights.Read).ToSddl());
    }

    [Fact]
    public void Grant_on_a_missing_or_null_dacl_creates_one_holding_the_grant()
    {
        var none = new SecurityDescriptor(SecurityDescriptorControl.None, System, System, null, null);
        Assert.Equal("O:SYG:SYD:(A;;FA;;;SY)", Icacls.Grant(none, System, IcaclsRights.Full).ToSddl());
        var nullDacl = SecurityDescriptor.ParseSddl("O:SYG:SYD:PNO_ACCESS_CONTROL");
        Assert.Equal("O:SYG:SYD:P(A;;FR;;;NS)", Icacls.Grant(nullDacl, NetworkService, IcaclsRights.Read).ToSddl());
    }

    [Fact]
    public void Grant_refuses_the_inherited_flag()
    {
        var sd = SecurityDescriptor.ParseSddl("D:");
        Assert.Throws<ArgumentException>(() => Icacls.Grant(sd, System, 1, AceFlags.Inherited));
    }

    [Fact]
    public void Take_ownership_sets_administrators_and_nothing_else()
    {
        var sd = SecurityDescriptor.ParseSddl("O:SYG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)S:(ML;;NW;;;LW)");
        var taken = Icacls.TakeOwnership(sd);
        Assert.Equal("O:BAG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)S:(ML;;NW;;;LW)", taken.ToSddl());
        Assert.Same(taken, Icacls.TakeOwnership(taken));
    }

    [Theory]
    [InlineData("D:", true)]
    [InlineData("D:(D;;FA;;;BG)(A;;FA;;;SY)(A;ID;FA;;;BA)", true)]
    [InlineData("D:(A;ID;FA;;;BA)(D;ID;FA;;;BG)(A;ID;FR;;;WD)", true)]
    [InlineData("D:(A;;FA;;;SY)(D;;FA;;;BG)", false)]
    [InlineData("D:(A;ID;FA;;;BA)(A;;FA;;;SY)", false)]
    [InlineData("D:(A;ID;FA;;;BA)(D;;FA;;;BG)", false)]
    [InlineData("D:(D;;FA;;;BG)(OA;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD)(A;;FA;;;SY)", true)]
    [InlineData("D:(OA;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD)(OD;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD)", false)]
    public void Canonical_order_is_explicit_deny_explicit_allow_inherited(string sddl, bool canonical) =>
        Assert.Equal(canonical, Icacls.IsCanonical(SecurityDescriptor.ParseSddl(sddl).Dacl!));
}
