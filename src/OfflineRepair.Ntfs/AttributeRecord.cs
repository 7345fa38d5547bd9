using System.Buffers.Binary;
using System.Runtime.InteropServices;
using A = OfflineRepair.Ntfs.NtfsLayout.Attribute;

namespace OfflineRepair.Ntfs;

/// <summary>
/// One attribute record of an MFT record: the common header, then either the value itself (resident) or the
/// sizes and runlist of one extent (non-resident; a big attribute may be split over several records, each
/// extent covering <see cref="LowestVcn"/>..<see cref="HighestVcn"/>).
/// </summary>
public sealed class AttributeRecord
{
    private AttributeRecord()
    {
    }

    public AttributeType Type { get; private init; }
    public string Name { get; private init; } = "";
    public bool IsResident { get; private init; }
    public ushort Flags { get; private init; }
    public ushort Instance { get; private init; }

    /// <summary>The MFT record this extent was read from.</summary>
    public long RecordNumber { get; private init; }

    /// <summary>Resident value (empty for non-resident attributes).</summary>
    public ReadOnlyMemory<byte> Value { get; private init; }

    public long LowestVcn { get; private init; }
    public long HighestVcn { get; private init; }
    public byte CompressionUnit { get; private init; }
    public long AllocatedSize { get; private init; }
    public long DataSize { get; private init; }
    public long InitializedSize { get; private init; }
    public IReadOnlyList<DataRun> Runs { get; private init; } = [];

    public bool IsCompressed => (Flags & A.FlagCompressionMask) != 0;
    public bool IsEncrypted => (Flags & A.FlagEncrypted) != 0;
    public bool IsSparse => (Flags & A.FlagSparse) != 0;

    /// <summary>Parses the attribute at <paramref name="offset"/>; <paramref name="record"/> is fixed-up and its
    /// used part only. Returns the attribute length through <paramref name="length"/>.</summary>
    internal static AttributeRecord Parse(ReadOnlySpan<byte> record, int offset, long recordNumber, long totalClusters, out int length)
    {
        if (offset + A.ResidentHeaderSize > record.Length)
        {
            throw Error(recordNumber, offset, "attribute header runs past the end of the record");
        }

        var span = record[offset..];
        var type = (AttributeType)BinaryPrimitives.ReadUInt32LittleEndian(span);
        var rawLength = BinaryPrimitives.ReadUInt32LittleEndian(span[A.Length..]);
        if (rawLength < A.ResidentHeaderSize || rawLength > (uint)span.Length || rawLength % 8 != 0)
        {
            throw Error(recordNumber, offset, $"attribute length {rawLength} is not valid (type 0x{(uint)type:X})");
        }

        length = (int)rawLength;
        span = span[..length];
        var nonResident = span[A.NonResident];
        if (nonResident > 1)
        {
            throw Error(recordNumber, offset, $"non-resident flag {nonResident} is not 0 or 1");
        }

        var name = ReadName(span, recordNumber, offset);
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(span[A.Flags..]);
        var instance = BinaryPrimitives.ReadUInt16LittleEndian(span[A.Instance..]);
        if (nonResident == 0)
        {
            var valueLength = BinaryPrimitives.ReadUInt32LittleEndian(span[A.ResidentValueLength..]);
            int valueOffset = BinaryPrimitives.ReadUInt16LittleEndian(span[A.ResidentValueOffset..]);
            if (valueOffset < A.ResidentHeaderSize && valueLength > 0 || valueOffset > length || valueLength > (uint)(length - valueOffset))
            {
                throw Error(recordNumber, offset, $"resident value ({valueLength} bytes at 0x{valueOffset:X}) runs past the attribute");
            }

            return new AttributeRecord
            {
                Type = type,
                Name = name,
                IsResident = true,
                Flags = flags,
                Instance = instance,
                RecordNumber = recordNumber,
                Value = span.Slice(valueOffset, (int)valueLength).ToArray(),
                DataSize = valueLength,
                AllocatedSize = valueLength,
                InitializedSize = valueLength,
                HighestVcn = -1,
            };
        }

        if (length < A.NonResidentHeaderSize)
        {
            throw Error(recordNumber, offset, $"non-resident attribute length {length} is shorter than its header");
        }

        var lowest = BinaryPrimitives.ReadInt64LittleEndian(span[A.LowestVcn..]);
        var highest = BinaryPrimitives.ReadInt64LittleEndian(span[A.HighestVcn..]);
        int pairsOffset = BinaryPrimitives.ReadUInt16LittleEndian(span[A.MappingPairsOffset..]);
        var allocated = BinaryPrimitives.ReadInt64LittleEndian(span[A.AllocatedSize..]);
        var dataSize = BinaryPrimitives.ReadInt64LittleEndian(span[A.DataSize..]);
        var initialized = BinaryPrimitives.ReadInt64LittleEndian(span[A.InitializedSize..]);
        if (lowest < 0 || highest < lowest - 1)
        {
            throw Error(recordNumber, offset, $"VCN range {lowest}..{highest} is not valid");
        }

        if (lowest == 0 && (allocated < 0 || dataSize < 0 || initialized < 0 || dataSize > allocated || initialized > allocated))
        {
            throw Error(recordNumber, offset, $"sizes (allocated {allocated}, data {dataSize}, initialized {initialized}) are not consistent");
        }

        if (pairsOffset < A.NonResidentHeaderSize || pairsOffset >= length)
        {
            throw Error(recordNumber, offset, $"mapping pairs offset 0x{pairsOffset:X} is outside the attribute");
        }

        var where = $"record {recordNumber} attribute 0x{(uint)type:X} \"{name}\"";
        var runs = Runlist.Decode(span[pairsOffset..], lowest, totalClusters, where);
        var end = runs.Count == 0 ? lowest : runs[^1].Vcn + runs[^1].Length;
        if (end - 1 != highest)
        {
            throw new NtfsFormatException("runlist", where, $"runs end at VCN {end - 1} but the attribute says its highest VCN is {highest}");
        }

        return new AttributeRecord
        {
            Type = type,
            Name = name,
            IsResident = false,
            Flags = flags,
            Instance = instance,
            RecordNumber = recordNumber,
            LowestVcn = lowest,
            HighestVcn = highest,
            CompressionUnit = span[A.CompressionUnit],
            AllocatedSize = allocated,
            DataSize = dataSize,
            InitializedSize = initialized,
            Runs = runs,
        };
    }

    private static string ReadName(ReadOnlySpan<byte> span, long recordNumber, int offset)
    {
        int nameLength = span[A.NameLength];
        if (nameLength == 0)
        {
            return "";
        }

        int nameOffset = BinaryPrimitives.ReadUInt16LittleEndian(span[A.NameOffset..]);
        if (nameOffset + (2 * nameLength) > span.Length)
        {
            throw Error(recordNumber, offset, "attribute name runs past the attribute");
        }

        return Utf16(span.Slice(nameOffset, 2 * nameLength));
    }

    internal static string Utf16(ReadOnlySpan<byte> bytes)
    {
        // Names are raw UTF-16 code units (unpaired surrogates are legal in NTFS); keep them unchanged.
        var chars = MemoryMarshal.Cast<byte, char>(bytes);
        if (!BitConverter.IsLittleEndian)
        {
            var copy = new char[chars.Length];
            for (var i = 0; i < copy.Length; i++)
            {
                copy[i] = (char)BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]);
            }

            return new string(copy);
        }

        return new string(chars);
    }

    private static NtfsFormatException Error(long recordNumber, int offset, string problem) =>
        new("attribute", $"record {recordNumber}, offset 0x{offset:X}", problem);
}
