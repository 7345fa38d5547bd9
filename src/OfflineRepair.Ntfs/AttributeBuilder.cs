using System.Buffers.Binary;
using A = OfflineRepair.Ntfs.NtfsLayout.Attribute;

namespace OfflineRepair.Ntfs;

/// <summary>
/// Builds the bytes of attribute records for the writers: a resident value resized, a non-resident attribute with a
/// new runlist and sizes, and new attributes (the allocation and bitmap a view index gets when its root overflows).
/// Every writer that grows an attribute goes through here, so runlists are encoded and sizes kept in one way.
/// The instance number of a new attribute is left 0: <see cref="MftRecordWriter.TryInsertAttribute"/> assigns it.
/// </summary>
internal static class AttributeBuilder
{
    /// <summary>A resident attribute as Windows lays it out: header, name right after it, value 8-aligned after the name.</summary>
    public static byte[] Resident(AttributeType type, string name, ReadOnlySpan<byte> value)
    {
        var nameOffset = A.ResidentHeaderSize;
        var valueOffset = Align8(nameOffset + (2 * name.Length));
        var bytes = new byte[Align8(valueOffset + value.Length)];
        WriteCommonHeader(bytes, type, name, nameOffset, nonResident: false);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(A.ResidentValueLength), (uint)value.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(A.ResidentValueOffset), (ushort)valueOffset);
        value.CopyTo(bytes.AsSpan(valueOffset));
        return bytes;
    }

    /// <summary>The resident attribute <paramref name="old"/> (header and name kept) holding <paramref name="value"/> instead.</summary>
    public static byte[] ResizedResident(ReadOnlySpan<byte> old, ReadOnlySpan<byte> value)
    {
        int valueOffset = BinaryPrimitives.ReadUInt16LittleEndian(old[A.ResidentValueOffset..]);
        var bytes = new byte[Align8(valueOffset + value.Length)];
        old[..valueOffset].CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(A.Length), (uint)bytes.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(A.ResidentValueLength), (uint)value.Length);
        value.CopyTo(bytes.AsSpan(valueOffset));
        return bytes;
    }

    /// <summary>A new, uncompressed non-resident attribute starting at VCN 0: header, name, mapping pairs.</summary>
    public static byte[] NonResident(AttributeType type, string name, IReadOnlyList<DataRun> runs, long allocated, long dataSize, long initialized, long clusterSize)
    {
        var nameOffset = A.NonResidentHeaderSize;
        var pairsOffset = Align8(nameOffset + (2 * name.Length));
        var pairs = Runlist.Encode([.. runs]);
        var bytes = new byte[Align8(pairsOffset + pairs.Length)];
        WriteCommonHeader(bytes, type, name, nameOffset, nonResident: true);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(A.MappingPairsOffset), (ushort)pairsOffset);
        WriteSizes(bytes, allocated, dataSize, initialized, clusterSize);
        pairs.CopyTo(bytes, pairsOffset);
        return bytes;
    }

    /// <summary>The non-resident attribute <paramref name="old"/> (header up to its mapping pairs kept) with a new runlist and sizes.</summary>
    public static byte[] RebuiltNonResident(ReadOnlySpan<byte> old, IReadOnlyList<DataRun> runs, long allocated, long dataSize, long initialized, long clusterSize)
    {
        int pairsOffset = BinaryPrimitives.ReadUInt16LittleEndian(old[A.MappingPairsOffset..]);
        var pairs = Runlist.Encode([.. runs]);
        var bytes = new byte[Align8(pairsOffset + pairs.Length)];
        old[..pairsOffset].CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(A.Length), (uint)bytes.Length);
        WriteSizes(bytes, allocated, dataSize, initialized, clusterSize);
        pairs.CopyTo(bytes, pairsOffset);
        return bytes;
    }

    /// <summary>Appends newly allocated extents to a runlist from <paramref name="firstVcn"/>; an extent that continues
    /// the last run just lengthens it, so the runlist stays as short as the clusters allow.</summary>
    public static List<DataRun> AppendRuns(IReadOnlyList<DataRun> runs, IReadOnlyList<ClusterExtent> extents, long firstVcn)
    {
        var result = new List<DataRun>(runs);
        var vcn = firstVcn;
        foreach (var extent in extents)
        {
            if (result.Count > 0 && !result[^1].IsSparse && result[^1].Lcn + result[^1].Length == extent.Lcn)
            {
                result[^1] = result[^1] with { Length = result[^1].Length + extent.Length };
            }
            else
            {
                result.Add(new DataRun(vcn, extent.Lcn, extent.Length));
            }

            vcn += extent.Length;
        }

        return result;
    }

    public static int Align8(int value) => (value + 7) & ~7;

    public static long Align8(long value) => (value + 7) & ~7L;

    private static void WriteSizes(byte[] bytes, long allocated, long dataSize, long initialized, long clusterSize)
    {
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(A.HighestVcn), (allocated / clusterSize) - 1);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(A.AllocatedSize), allocated);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(A.DataSize), Math.Min(dataSize, allocated));
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(A.InitializedSize), Math.Min(initialized, allocated));
    }

    private static void WriteCommonHeader(byte[] bytes, AttributeType type, string name, int nameOffset, bool nonResident)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(A.Type), (uint)type);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(A.Length), (uint)bytes.Length);
        bytes[A.NonResident] = nonResident ? (byte)1 : (byte)0;
        bytes[A.NameLength] = (byte)name.Length;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(A.NameOffset), (ushort)nameOffset);
        for (var i = 0; i < name.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(nameOffset + (2 * i)), name[i]);
        }
    }
}
