namespace OfflineRepair.Security.Tests;

public sealed class AccessControlEntryTests
{
    // Object ACE (OA) granting "CR" on an extended right, as Active Directory writes them: mask, flags=1, GUID, SID.
    internal const string ObjectAceHex = "05022800" + "00010000" + "01000000" + "531a72ab2f1ed011981900aa0040529b" + "010100000000000100000000";

    [Fact]
    public void Allow_ace_is_header_mask_sid()
    {
        var ace = new AccessControlEntry(AceType.AccessAllowed, AceFlags.ObjectInherit | AceFlags.ContainerInherit, 0x1F01FF, WellKnownSids.LocalSystem);
        Assert.Equal(Convert.FromHexString("00031400ff011f00010100000000000512000000"), ace.ToBytes());
        var read = AccessControlEntry.Read(ace.ToBytes(), out var length);
        Assert.Equal(20, length);
        Assert.Equal(ace, read);
        Assert.Null(read.RawBytes);
        Assert.Equal("(A;OICI;FA;;;SY)", read.ToString());
    }

    [Fact]
    public void Unmodelled_ace_keeps_its_exact_bytes()
    {
        var bytes = Convert.FromHexString(ObjectAceHex);
        var ace = AccessControlEntry.Read(bytes, out var length);
        Assert.Equal(bytes.Length, length);
        Assert.Equal(AceType.AccessAllowedObject, ace.Type);
        Assert.Null(ace.Sid);
        Assert.Equal(0x100u, ace.Mask);
        Assert.Equal(bytes, ace.RawBytes!.Value.ToArray());
        Assert.Equal(bytes, ace.ToBytes());
        Assert.Equal("(OA;CI;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD)", ace.ToString());

        var changed = ace.WithMask(0x30);
        Assert.Equal(0x30u, AccessControlEntry.Read(changed.ToBytes(), out _).Mask);
        Assert.Equal(bytes, ace.ToBytes());
    }

    [Fact]
    public void Unknown_ace_type_round_trips()
    {
        // Type 0x15 (access filter) is not modelled at all: it is carried as bytes.
        var bytes = Convert.FromHexString("15000c00aabbccdd01020304");
        var ace = AccessControlEntry.Read(bytes, out _);
        Assert.Equal(bytes, ace.ToBytes());
        Assert.Equal(0xddccbbaau, ace.Mask);
        Assert.Throws<NotSupportedException>(() => new SecurityDescriptor(SecurityDescriptorControl.None, null, null, null, new AccessControlList([ace])).ToSddl());
    }

    [Fact]
    public void Modelled_ace_with_bytes_after_its_sid_round_trips()
    {
        var bytes = Convert.FromHexString("00001800ff011f000101000000000005120000000badf00d");
        var ace = AccessControlEntry.Read(bytes, out _);
        Assert.Equal(WellKnownSids.LocalSystem, ace.Sid);
        Assert.Equal(bytes, ace.ToBytes());
        Assert.NotEqual(new AccessControlEntry(AceType.AccessAllowed, AceFlags.None, 0x1F01FF, WellKnownSids.LocalSystem), ace);
    }
}
