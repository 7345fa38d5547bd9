using System.Buffers.Binary;

namespace OfflineRepair.Ntfs.Tests;

public sealed class AttributeListTests
{
    private static byte[] Entry(uint type, long lowestVcn, long record, string name = "")
    {
        var length = (0x1A + (2 * name.Length) + 7) & ~7;
        var e = new byte[length];
        BinaryPrimitives.WriteUInt32LittleEndian(e, type);
        BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(4), (ushort)length);
        e[6] = (byte)name.Length;
        e[7] = 0x1A;
        BinaryPrimitives.WriteInt64LittleEndian(e.AsSpan(8), lowestVcn);
        BinaryPrimitives.WriteUInt64LittleEndian(e.AsSpan(0x10), (ulong)record | (3UL << 48));
        System.Text.Encoding.Unicode.GetBytes(name).CopyTo(e, 0x1A);
        return e;
    }

    [Fact]
    public void Parses_entries()
    {
        byte[] list = [.. Entry(0x10, 0, 40), .. Entry(0x80, 0, 40, "$SDS"), .. Entry(0x80, 300, 41, "$SDS")];
        var entries = AttributeList.Parse(list, 40);
        Assert.Equal(3, entries.Count);
        Assert.Equal(new AttributeListEntry(AttributeType.Data, "$SDS", 300, 41, 3, 0), entries[2]);
    }

    [Fact]
    public void A_bad_entry_length_is_refused()
    {
        var list = Entry(0x80, 0, 40);
        BinaryPrimitives.WriteUInt16LittleEndian(list.AsSpan(4), 0x400);
        var e = Assert.Throws<NtfsFormatException>(() => AttributeList.Parse(list, 40));
        Assert.Contains("record 40", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_past_the_entry_is_refused()
    {
        var list = Entry(0x80, 0, 40, "ab");
        list[6] = 40;
        Assert.Throws<NtfsFormatException>(() => AttributeList.Parse(list, 40));
    }
}
