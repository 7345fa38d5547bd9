using System.Buffers.Binary;

namespace OfflineRepair.Ntfs.Tests.Support;

/// <summary>Edits a copy of a volume image the way a test needs: a whole MFT record or INDX block is read,
/// un-fixed, changed, protected again and written back (so the change passes the fixup check), or raw bytes
/// are changed (so it does not).</summary>
internal sealed class ImageEditor(string path)
{
    public void EditBlock(long offset, int size, Action<byte[]> change)
    {
        using var file = File.Open(path, FileMode.Open, FileAccess.ReadWrite);
        var block = new byte[size];
        file.Position = offset;
        file.ReadExactly(block);
        Fixups.Remove(block);
        change(block);
        Fixups.Protect(block);
        file.Position = offset;
        file.Write(block);
    }

    public void XorByte(long offset, byte mask)
    {
        using var file = File.Open(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var b = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(b ^ mask));
    }

    /// <summary>Byte offset of an MFT record, assuming (and checking) the MFT's first extent holds it.</summary>
    public static long RecordOffset(NtfsVolume volume, long recordNumber)
    {
        var mft = volume.OpenFile(0).Attributes.First(a => a.Type == AttributeType.Data && a.LowestVcn == 0);
        var byteInMft = recordNumber * volume.BootSector.MftRecordSize;
        var run = mft.Runs[0];
        Assert.True(byteInMft < run.Length * volume.BootSector.ClusterSize, "record is not in the MFT's first run");
        return (run.Lcn * volume.BootSector.ClusterSize) + byteInMft;
    }

    /// <summary>Byte offset of the cluster holding byte <paramref name="offset"/> of a non-resident attribute.</summary>
    public static long AttributeByteOffset(NtfsVolume volume, AttributeRecord attribute, long offset)
    {
        var cluster = volume.BootSector.ClusterSize;
        var vcn = offset / cluster;
        var run = attribute.Runs.First(r => vcn >= r.Vcn && vcn < r.Vcn + r.Length);
        return ((run.Lcn + (vcn - run.Vcn)) * cluster) + (offset % cluster);
    }

    public static int U16(byte[] b, int at) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at));

    public static int U32(byte[] b, int at) => (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at));
}
