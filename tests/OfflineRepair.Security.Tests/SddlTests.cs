namespace OfflineRepair.Security.Tests;

public sealed class SddlTests
{
    // SDDL strings as Windows prints them: from Microsoft's docs, the research (MachineKeys folder default
    // measured on 9600-26100), Windows tools' output (volume root, registry keys, event 4670).
    [Theory]
    [InlineData("O:BAG:SYD:PAI(A;;FA;;;SY)(A;;FA;;;BA)")]
    [InlineData("O:SYG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)")]
    [InlineData("D:(A;;FA;;;BA)(A;OICIIO;GA;;;BA)(A;;FA;;;SY)(A;OICIIO;GA;;;SY)(A;;0x1301bf;;;AU)(A;OICIIO;SDGXGWGR;;;AU)(A;;0x1200a9;;;BU)(A;OICIIO;GXGR;;;BU)")]
    [InlineData("O:SYG:SYD:AI(A;ID;KR;;;BU)(A;CIIOID;GR;;;BU)(A;ID;KA;;;BA)(A;CIIOID;GA;;;BA)(A;ID;KA;;;SY)(A;CIIOID;GA;;;SY)(A;CIIOID;GA;;;CO)")]
    [InlineData("O:S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464G:S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464D:PAI(A;;FA;;;BA)(A;OICIIO;GA;;;BA)(A;;FA;;;SY)(A;OICIIO;GA;;;SY)(A;OICI;0x1200a9;;;BU)(A;OICIIO;SDGXGWGR;;;AU)(A;;LC;;;AU)S:(ML;OINPIO;NW;;;HI)")]
    [InlineData("D:PARAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)")]
    [InlineData("D:ARAI(A;OICI;FA;;;WD)(A;OICIID;FA;;;SY)")]
    [InlineData("O:SYG:SYD:P(A;;FA;;;SY)(A;;FR;;;NS)(A;;FA;;;S-1-5-80-4022436659-1090538466-1613889075-870485073-3428993833)")]
    [InlineData("O:BAD:P(D;;FA;;;BG)(A;;FA;;;SY)S:PAI(AU;SAFA;FA;;;WD)")]
    [InlineData("D:(OA;CI;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD)(OD;;WP;;bf967aba-0de6-11d0-a285-00aa003049e2;AN)")]
    [InlineData("O:SYD:NO_ACCESS_CONTROL")]
    [InlineData("D:")]
    [InlineData("")]
    public void Windows_strings_round_trip(string sddl)
    {
        var descriptor = SecurityDescriptor.ParseSddl(sddl);
        Assert.Equal(sddl, descriptor.ToSddl());
        var bytes = descriptor.ToBytes();
        var reparsed = SecurityDescriptor.Parse(bytes);
        Assert.True(reparsed.HasWindowsLayout);
        Assert.Equal(descriptor, reparsed);
        Assert.Equal(bytes, SecurityDescriptor.ParseSddl(reparsed.ToSddl()).ToBytes());
    }

    [Fact]
    public void Machine_keys_default_means_what_research_says()
    {
        var sd = SecurityDescriptor.ParseSddl("O:SYG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)");
        Assert.Equal(WellKnownSids.LocalSystem, sd.Owner);
        Assert.Equal(WellKnownSids.LocalSystem, sd.Group);
        Assert.True(sd.IsDaclProtected);
        Assert.True(sd.IsDaclAutoInherited);
        Assert.Equal(0x9404, sd.Control);
        Assert.Collection(sd.Dacl!.Entries,
            e => Assert.Equal((AceType.AccessAllowed, AceFlags.None, 0x12019Fu, WellKnownSids.Everyone), (e.Type, e.Flags, e.Mask, e.Sid!)),
            e => Assert.Equal((AceType.AccessAllowed, AceFlags.None, 0x1F01FFu, WellKnownSids.Administrators), (e.Type, e.Flags, e.Mask, e.Sid!)));
        Assert.Equal("R,W", IcaclsRights.Format(0x12019F));
    }

    [Theory]
    [InlineData(0x1F01FFu, "FA")]
    [InlineData(0x120089u, "FR")]
    [InlineData(0x120116u, "FW")]
    [InlineData(0x1200A0u, "FX")]
    [InlineData(0xF003Fu, "KA")]
    [InlineData(0x20019u, "KR")]
    [InlineData(0x20006u, "KW")]
    [InlineData(0x10000000u, "GA")]
    [InlineData(0xA0000000u, "GXGR")]
    [InlineData(0xE0010000u, "SDGXGWGR")]
    [InlineData(0x4u, "LC")]
    [InlineData(0x201FDu, "CCLCSWRPWPDTLOCRRC")]
    [InlineData(0x1200A9u, "0x1200a9")]
    [InlineData(0x12019Fu, "0x12019f")]
    [InlineData(0x1301BFu, "0x1301bf")]
    [InlineData(0x100000u, "0x100000")]
    [InlineData(0u, "")]
    public void Rights_are_written_as_windows_writes_them(uint mask, string expected)
    {
        Assert.Equal(expected, SddlWriter.WriteRights(mask));
        Assert.Equal(mask, SddlParser.ParseRights(expected));
    }

    [Fact]
    public void Rights_accept_hex_decimal_and_any_word_combination()
    {
        Assert.Equal(0x1200A9u, SddlParser.ParseRights("0x1200A9"));
        Assert.Equal(0x1200A9u, SddlParser.ParseRights("1179817"));
        Assert.Equal(0x20019u, SddlParser.ParseRights("KX"));
        Assert.Equal(AccessMasks.FileGenericRead | AccessMasks.FileGenericWrite, SddlParser.ParseRights("FRFW"));
    }

    [Fact]
    public void Label_aces_use_the_label_words()
    {
        var sd = SecurityDescriptor.ParseSddl("S:(ML;;NWNR;;;LW)");
        Assert.Equal(3u, sd.Sacl!.Entries[0].Mask);
        Assert.Equal("S:(ML;;NWNR;;;LW)", sd.ToSddl());
        Assert.Equal("CCDC", SddlWriter.WriteRights(3, AceType.AccessAllowed));
    }

    [Fact]
    public void Components_in_any_order_are_written_in_windows_order()
    {
        var sd = SecurityDescriptor.ParseSddl("D:P(A;;FA;;;SY)G:SYO:BA");
        Assert.Equal("O:BAG:SYD:P(A;;FA;;;SY)", sd.ToSddl());
    }

    [Fact]
    public void Sids_without_alias_are_written_in_full_and_aliases_are_case_insensitive()
    {
        var sd = SecurityDescriptor.ParseSddl("O:S-1-5-21-1-2-3-1001D:(A;;FA;;;s-1-5-18)(A;;FA;;;ba)");
        Assert.Equal("O:S-1-5-21-1-2-3-1001D:(A;;FA;;;SY)(A;;FA;;;BA)", sd.ToSddl());
    }

    [Theory]
    [InlineData("X:BA", "component")]
    [InlineData("O:BAO:SY", "twice")]
    [InlineData("O:DA", "offline")]
    [InlineData("O:QQ", "not an SDDL SID alias")]
    [InlineData("D:Q(A;;FA;;;SY)", "flag")]
    [InlineData("D:(A;;FA;;;SY", "closing")]
    [InlineData("D:(A;;FA;;SY)", "six fields")]
    [InlineData("D:(Q;;FA;;;SY)", "unknown ACE type")]
    [InlineData("D:(XA;;FA;;;SY;(Member_of {SID(BA)}))", "not supported")]
    [InlineData("D:(A;ZZ;FA;;;SY)", "unknown ACE flag")]
    [InlineData("D:(A;;QQ;;;SY)", "unknown rights word")]
    [InlineData("D:(A;;0x100000000;;;SY)", "32-bit")]
    [InlineData("D:(A;;99999999999;;;SY)", "32-bit")]
    [InlineData("D:(A;;FA;not-a-guid;;SY)", "not a GUID")]
    [InlineData("D:(A;;FA;ab721a53-1e2f-11d0-9819-00aa0040529b;;SY)", "only object ACEs")]
    [InlineData("D:(A;;FA;;;SYX)", "after the SID")]
    [InlineData("D:(A;;FA;;;)", "neither")]
    [InlineData("D:NO_ACCESS_CONTROL(A;;FA;;;SY)", "NULL ACL")]
    public void Bad_sddl_says_what_and_where(string sddl, string expected)
    {
        var error = Assert.ThrowsAny<FormatException>(() => SecurityDescriptor.ParseSddl(sddl));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Aces_sddl_cannot_say_are_refused_by_ToSddl_but_shown_by_ToString()
    {
        var odd = new AccessControlEntry(AceType.AccessAllowed, (AceFlags)0x20, 1, WellKnownSids.Users);
        var sd = new SecurityDescriptor(SecurityDescriptorControl.None, null, null, null, new AccessControlList([odd]));
        var error = Assert.Throws<NotSupportedException>(sd.ToSddl);
        Assert.Contains("0x20", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("D:(?", sd.ToString(), StringComparison.Ordinal);
    }
}
