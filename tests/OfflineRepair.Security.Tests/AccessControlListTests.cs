namespace OfflineRepair.Security.Tests;

public sealed class AccessControlListTests
{
    private const string ObjectAceHex = AccessControlEntryTests.ObjectAceHex;

    [Fact]
    public void Acl_padding_declared_by_its_size_is_kept()
    {
        var built = new AccessControlList([new AccessControlEntry(AceType.AccessAllowed, AceFlags.None, 0x120089, WellKnownSids.Users)]);
        var bytes = built.ToBytes();
        Assert.Equal(8 + 24, bytes.Length);

        // Declare 12 more bytes than the ACE uses and put something in them.
        var padded = new byte[bytes.Length + 12];
        bytes.CopyTo(padded, 0);
        padded[2] = (byte)padded.Length;
        padded[^1] = 0x5A;
        var acl = AccessControlList.Read(padded, out var length);
        Assert.Equal(padded.Length, length);
        Assert.Equal(12, acl.PaddingLength);
        Assert.Equal(padded, acl.ToBytes());
        Assert.NotEqual(built, acl);
        Assert.Equal(built.Entries, acl.Entries);
    }

    [Fact]
    public void Revision_follows_object_aces()
    {
        var plain = new AccessControlList([new AccessControlEntry(AceType.AccessAllowed, AceFlags.None, 1, WellKnownSids.Users)]);
        Assert.Equal(2, plain.Revision);
        var withObject = plain.Insert(0, AccessControlEntry.Read(Convert.FromHexString(ObjectAceHex), out _));
        Assert.Equal(4, withObject.Revision);
        Assert.Equal(withObject.ToBytes(), AccessControlList.Read(withObject.ToBytes(), out _).ToBytes());
    }

    [Theory]
    [InlineData("0200", "truncated")]
    [InlineData("0100080000000000", "revision 1")]
    [InlineData("0500080000000000", "revision 5")]
    [InlineData("0200040000000000", "smaller than")]
    [InlineData("0200100000000000", "runs past")]
    [InlineData("020008000100000000", "cannot fit")]
    [InlineData("02000c0001000000000003000000", "smaller than")]
    [InlineData("02000c000100000000001000", "runs past")]
    [InlineData("020014000100000000000c00ff011f0001010000", "too small")]
    public void Bad_acls_say_what_is_wrong(string hex, string expected)
    {
        var error = Assert.Throws<SecurityFormatException>(() => AccessControlList.Read(Convert.FromHexString(hex), out _));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ace_errors_carry_their_offset_inside_the_acl()
    {
        // Second ACE's SID has revision 2: the error points at it (8 header + 20 first ACE + 8 = 36 = 0x24).
        var good = new AccessControlEntry(AceType.AccessAllowed, AceFlags.None, 1, WellKnownSids.LocalSystem).ToBytes();
        var bad = (byte[])good.Clone();
        bad[8] = 2;
        var acl = new byte[8 + 40];
        acl[0] = 2;
        acl[2] = (byte)acl.Length;
        acl[4] = 2;
        good.CopyTo(acl, 8);
        bad.CopyTo(acl, 28);
        var error = Assert.Throws<SecurityFormatException>(() => AccessControlList.Read(acl, out _));
        Assert.Equal(0x24, error.Offset);
        Assert.Contains("0x24", error.Message, StringComparison.Ordinal);
    }
}
