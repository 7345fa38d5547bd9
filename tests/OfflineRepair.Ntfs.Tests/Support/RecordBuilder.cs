using System.Buffers.Binary;

namespace OfflineRepair.Ntfs.Tests.Support;

/// <summary>Builds FILE records and attribute records byte by byte, from the layout tables of the research notes.</summary>
internal static class RecordBuilder
{
    public static byte[] Resident(uint type, byte[] value, string name = "")
    {
        var nameBytes = System.Text.Encoding.Unicode.GetBytes(name);
        var valueOffset = Align(0x18 + nameBytes.Length);
        var length = Align(valueOffset + value.Length);
        var a = new byte[length];
        BinaryPrimitives.WriteUInt32LittleEndian(a, type);
        BinaryPrimitives.WriteUInt32LittleEndian(a.AsSpan(4), (uint)length);
        a[9] = (byte)name.Length;
        BinaryPrimitives.WriteUInt16LittleEndian(a.AsSpan(0x0A), 0x18);
        nameBytes.CopyTo(a, 0x18);
        BinaryPrimitives.WriteUInt32LittleEndian(a.AsSpan(0x10), (uint)value.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(a.AsSpan(0x14), (ushort)valueOffset);
        value.CopyTo(a, valueOffset);
        return a;
    }

    public static byte[] NonResident(uint type, long lowestVcn, long highestVcn, byte[] pairs, long dataSize)
    {
        var length = Align(0x40 + pairs.Length);
        var a = new byte[length];
        BinaryPrimitives.WriteUInt32LittleEndian(a, type);
        BinaryPrimitives.WriteUInt32LittleEndian(a.AsSpan(4), (uint)length);
        a[8] = 1;
        BinaryPrimitives.WriteInt64LittleEndian(a.AsSpan(0x10), lowestVcn);
        BinaryPrimitives.WriteInt64LittleEndian(a.AsSpan(0x18), highestVcn);
        BinaryPrimitives.WriteUInt16LittleEndian(a.AsSpan(0x20), 0x40);
        BinaryPrimitives.WriteInt64LittleEndian(a.AsSpan(0x28), dataSize);
        BinaryPrimitives.WriteInt64LittleEndian(a.AsSpan(0x30), dataSize);
        BinaryPrimitives.WriteInt64LittleEndian(a.AsSpan(0x38), dataSize);
        pairs.CopyTo(a, 0x40);
        return a;
    }

    public static byte[] Record(params byte[][] attributes)
    {
        var r = new byte[1024];
        "FILE"u8.CopyTo(r);
        BinaryPrimitives.WriteUInt16LittleEndian(r.AsSpan(4), 0x30);
        BinaryPrimitives.WriteUInt16LittleEndian(r.AsSpan(6), 3);
        BinaryPrimitives.WriteUInt16LittleEndian(r.AsSpan(0x10), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(r.AsSpan(0x14), 0x38);
        BinaryPrimitives.WriteUInt16LittleEndian(r.AsSpan(0x16), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(r.AsSpan(0x30), 7);
        var at = 0x38;
        foreach (var a in attributes)
        {
            a.CopyTo(r, at);
            at += a.Length;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(at), 0xFFFFFFFF);
        BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(0x18), (uint)(at + 8));
        BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(0x1C), 1024);
        Fixups.Protect(r);
        return r;
    }

    private static int Align(int n) => (n + 7) & ~7;
}
