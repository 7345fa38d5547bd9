using System.Buffers.Binary;

namespace OfflineRepair.Security.Tests;

public sealed class SecurityDescriptorTests
{
    private static SecurityDescriptor TwoReaders() =>
        new(SecurityDescriptorControl.None, WellKnownSids.Administrators, WellKnownSids.Administrators, null,
            new AccessControlList(
            [
                new AccessControlEntry(AceType.AccessAllowed, AceFlags.None, 0x120089, WellKnownSids.LocalSystem),
                new AccessControlEntry(AceType.AccessAllowed, AceFlags.None, 0x120089, WellKnownSids.Administrators),
            ]));

    [Fact]
    public void Windows_layout_is_dacl_owner_group_and_hashes_like_windows()
    {
        // The descriptor of research/ntfs_vhd.md §2.2: Windows 2003's, whose $SDS hash 0xF80312F0 ntfs-3g's
        // mkntfs carries. Our layout must be Windows' byte for byte for the hash to come out right.
        var bytes = TwoReaders().ToBytes();
        Assert.Equal(0x8004, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(2)));
        Assert.Equal(0x14u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16)));
        Assert.Equal(0x48u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(0x58u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12)));
        Assert.Equal(0xF80312F0u, SecurityDescriptorHash.Compute(bytes));
        Assert.True(SecurityDescriptor.Parse(bytes).HasWindowsLayout);
    }

    [Fact]
    public void Sacl_comes_before_dacl()
    {
        var label = new AccessControlList([new AccessControlEntry(AceType.SystemMandatoryLabel, AceFlags.None, 1, SecurityIdentifier.Parse("LW"))]);
        var bytes = TwoReaders().WithSacl(label).ToBytes();
        Assert.Equal(0x14u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12)));
        Assert.Equal(0x14u + 28, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16)));
        Assert.Equal(0x8014, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(2)));
    }

    [Fact]
    public void Other_layouts_are_reproduced_exactly_and_rewritten_in_windows_layout_after_a_change()
    {
        // Owner first, then a 4-byte gap holding junk, then the DACL, then the group, then 8 trailing bytes.
        var windows = TwoReaders();
        var owner = windows.Owner!.ToBytes();
        var dacl = windows.Dacl!.ToBytes();
        var group = windows.Group!.ToBytes();
        var odd = new byte[20 + owner.Length + 4 + dacl.Length + group.Length + 8];
        odd[0] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(odd.AsSpan(2), 0x8004);
        var at = 20;
        BinaryPrimitives.WriteUInt32LittleEndian(odd.AsSpan(4), (uint)at);
        owner.CopyTo(odd, at);
        at += owner.Length;
        odd[at] = 0xEE;
        at += 4;
        BinaryPrimitives.WriteUInt32LittleEndian(odd.AsSpan(16), (uint)at);
        dacl.CopyTo(odd, at);
        at += dacl.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(odd.AsSpan(8), (uint)at);
        group.CopyTo(odd, at);
        odd[^1] = 0x77;

        var parsed = SecurityDescriptor.Parse(odd);
        Assert.False(parsed.HasWindowsLayout);
        Assert.Equal(windows, parsed);
        Assert.Equal(odd, parsed.ToBytes());
        Assert.Equal(odd.Length, parsed.BinaryLength);
        Assert.Equal(windows.ToBytes(), parsed.WithWindowsLayout().ToBytes());
        Assert.Equal(windows.WithOwner(WellKnownSids.LocalSystem).ToBytes(), parsed.WithOwner(WellKnownSids.LocalSystem).ToBytes());
    }

    [Fact]
    public void Owner_and_group_may_share_their_bytes()
    {
        var bytes = TwoReaders().WithGroup(null).ToBytes();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        var parsed = SecurityDescriptor.Parse(bytes);
        Assert.Equal(WellKnownSids.Administrators, parsed.Group);
        Assert.Equal(bytes, parsed.ToBytes());
    }

    [Fact]
    public void An_acl_whose_present_bit_is_clear_is_ignored_but_kept()
    {
        var bytes = TwoReaders().ToBytes();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), 0x8000);
        var parsed = SecurityDescriptor.Parse(bytes);
        Assert.Null(parsed.Dacl);
        Assert.False(parsed.IsDaclPresent);
        Assert.True(parsed.GrantsEveryoneFullAccess);
        Assert.Equal(bytes, parsed.ToBytes());
    }

    [Fact]
    public void Null_dacl_is_present_without_an_acl()
    {
        var nullDacl = new SecurityDescriptor(SecurityDescriptorControl.DaclPresent, WellKnownSids.LocalSystem, null, null, null);
        var parsed = SecurityDescriptor.Parse(nullDacl.ToBytes());
        Assert.True(parsed.IsDaclPresent);
        Assert.Null(parsed.Dacl);
        Assert.True(parsed.GrantsEveryoneFullAccess);
        Assert.Equal("O:SYD:NO_ACCESS_CONTROL", parsed.ToSddl());
        Assert.Equal(parsed, SecurityDescriptor.ParseSddl("O:SYD:NO_ACCESS_CONTROL"));
        Assert.False(SecurityDescriptor.ParseSddl("D:").GrantsEveryoneFullAccess);
    }

    [Fact]
    public void Builders_change_one_thing()
    {
        var sd = TwoReaders();
        Assert.Equal(WellKnownSids.LocalSystem, sd.WithOwner(WellKnownSids.LocalSystem).Owner);
        Assert.Equal(sd.Dacl, sd.WithOwner(WellKnownSids.LocalSystem).Dacl);
        Assert.True(sd.WithControl(SecurityDescriptorControl.DaclProtected, true).IsDaclProtected);
        Assert.False(sd.WithControl(SecurityDescriptorControl.DaclProtected, true).WithControl(SecurityDescriptorControl.DaclProtected, false).IsDaclProtected);
        Assert.Same(sd, sd.WithControl(SecurityDescriptorControl.SelfRelative, true));
        Assert.Null(sd.WithoutDacl().Dacl);
        Assert.False(sd.WithoutDacl().IsDaclPresent);
        Assert.Null(sd.WithControl(SecurityDescriptorControl.DaclPresent, false).Dacl);
        Assert.True(sd.WithDacl(AccessControlList.Empty).IsDaclPresent);
        Assert.Equal(0x8004, sd.Control);
    }

    [Theory]
    [InlineData("", "truncated")]
    [InlineData("0100048000000000000000000000000000000000", "")]
    [InlineData("0200048000000000000000000000000000000000", "revision 2")]
    [InlineData("0100040000000000000000000000000000000000", "SE_SELF_RELATIVE")]
    [InlineData("0100048008000000000000000000000000000000", "points into")]
    [InlineData("0100048018000000000000000000000000000000", "past the end")]
    public void Header_rules(string hex, string expected)
    {
        var bytes = Convert.FromHexString(hex);
        if (expected.Length == 0)
        {
            // A header with nothing in it is a valid (if useless) descriptor.
            var empty = SecurityDescriptor.Parse(bytes);
            Assert.Null(empty.Owner);
            Assert.Equal(bytes, empty.ToBytes());
            return;
        }

        var error = Assert.Throws<SecurityFormatException>(() => SecurityDescriptor.Parse(bytes));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
