namespace OfflineRepair.Security.Tests;

public sealed class IcaclsRightsTests
{
    // Each simple right's mask, and the evidence for it:
    //   F  = FILE_ALL_ACCESS, which SDDL prints as FA;
    //   M  = Authenticated Users on a Windows-made volume root, 0x1301BF (CorpusTests), shown by icacls as (M);
    //   RX = Users on the same root, 0x1200A9, shown as (RX);
    //   R  = FILE_GENERIC_READ, SDDL FR: the RDP key's NETWORK SERVICE Read (research/bcd_azure.md §5.6);
    //   W  = MachineKeys' Everyone 0x12019F minus R: Microsoft's docs show that ACE as "Everyone:(R,W)".
    [Theory]
    [InlineData("F", 0x1F01FFu)]
    [InlineData("M", 0x1301BFu)]
    [InlineData("RX", 0x1200A9u)]
    [InlineData("R", 0x120089u)]
    [InlineData("W", 0x100116u)]
    [InlineData("D", 0x10000u)]
    [InlineData("N", 0u)]
    public void Simple_rights_parse_and_format(string word, uint mask)
    {
        Assert.Equal(mask, IcaclsRights.Parse(word));
        Assert.Equal(mask, IcaclsRights.Parse("(" + word.ToLowerInvariant() + ")"));
        Assert.Equal(word, IcaclsRights.Format(mask));
    }

    [Fact]
    public void Modify_is_read_execute_write_and_delete()
    {
        Assert.Equal(IcaclsRights.Modify, IcaclsRights.ReadExecute | IcaclsRights.Write | IcaclsRights.Delete);
        Assert.Equal(IcaclsRights.Full, IcaclsRights.Modify | AccessMasks.DeleteChild | AccessMasks.WriteDac | AccessMasks.WriteOwner);
        Assert.Equal(AccessMasks.FileGenericWrite, IcaclsRights.Write | AccessMasks.ReadControl);
    }

    [Theory]
    [InlineData("R,W", 0x12019Fu)]
    [InlineData("(R,W)", 0x12019Fu)]
    [InlineData("RX,W", 0x1201BFu)]
    public void Lists_of_simple_rights(string text, uint mask)
    {
        Assert.Equal(mask, IcaclsRights.Parse(text));
        Assert.Equal(text.Trim('(', ')'), IcaclsRights.Format(mask));
    }

    [Theory]
    [InlineData("WD", 0x2u)]
    [InlineData("AD", 0x4u)]
    [InlineData("(RD,WD,AD)", 0x7u)]
    [InlineData("DE,RC,WDAC,WO,S", 0x1F0000u)]
    [InlineData("GA", 0x10000000u)]
    [InlineData("REA,WEA,X,DC,RA,WA", 0x1F8u)]
    public void Specific_rights_parse(string text, uint mask) => Assert.Equal(mask, IcaclsRights.Parse(text));

    [Fact]
    public void Masks_no_simple_rights_cover_are_special() => Assert.Equal("(special)", IcaclsRights.Format(0x4));

    [Fact]
    public void Permission_with_inheritance()
    {
        Assert.Equal(0x1F01FFu, IcaclsRights.ParsePermission("(OI)(CI)F", out var flags));
        Assert.Equal(AceFlags.ObjectInherit | AceFlags.ContainerInherit, flags);
        Assert.Equal(0x1200A9u, IcaclsRights.ParsePermission("(OI)(CI)(IO)(NP)(RX)", out flags));
        Assert.Equal(AceFlags.InheritanceFlags, flags);
        Assert.Equal(0x120089u, IcaclsRights.ParsePermission("(R)", out flags));
        Assert.Equal(AceFlags.None, flags);
    }

    [Theory]
    [InlineData("")]
    [InlineData("()")]
    [InlineData("Q")]
    [InlineData("R,,W")]
    [InlineData("FULL")]
    public void Unknown_words_are_refused(string text) => Assert.Throws<FormatException>(() => IcaclsRights.Parse(text));
}
