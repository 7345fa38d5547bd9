using System.Buffers.Binary;
using OfflineRepair.Registry.Format;

namespace OfflineRepair.Registry.Logs;

/// <summary>
/// A Windows 8.1+ transaction log (file type 6): the log header, then HvLE entries from offset 512,
/// each a multiple of 512 bytes, back to back. Every field of an entry is hostile until checked; a
/// bad entry ends the usable part of the log (entries after it may be stale leftovers of an earlier
/// cycle, so they are never skipped to).
/// </summary>
internal sealed class NewFormatLog
{
    public const uint EntrySignature = 0x454C7648; // "HvLE"
    public const int EntryHeaderSize = 40;
    public const int EntryAlignment = 512;
    public const int SizeField = 4;
    public const int FlagsField = 8;
    public const int SequenceField = 12;
    public const int HiveBinsSizeField = 16;
    public const int PageCountField = 20;
    public const int Hash1Field = 24;
    public const int Hash2Field = 32;

    /// <summary>Hash-2 covers the entry header up to (not including) Hash-2 itself.</summary>
    public const int Hash2CoveredLength = 32;

    private const int PageReferenceSize = 8;

    private NewFormatLog(LogHeader header) => Header = header;

    public LogHeader Header { get; }

    public string Name => Header.Name;

    /// <summary>The log's sequence number: the one its first entry must carry.</summary>
    public uint Sequence => Header.Sequence;

    public static NewFormatLog? TryOpen(HiveLogFile file, long maxHiveBinsSize)
    {
        var header = LogHeader.TryRead(file, BaseBlock.FileTypeNewLog, maxHiveBinsSize);
        return header is null ? null : new NewFormatLog(header);
    }

    /// <summary>
    /// The entries that can be applied from this log: from offset 512, while each entry is valid and
    /// carries the next sequence number, starting with the log header's. Stops at the first entry that
    /// is malformed, fails a hash or breaks the sequence (what Windows does: later entries are
    /// unreachable once the chain is broken).
    /// </summary>
    public IReadOnlyList<LogEntry> ReadChain(long maxHiveBinsSize)
    {
        var chain = new List<LogEntry>();
        var data = Header.Data;
        long offset = LogHeader.Size;
        uint expected = Sequence;
        while (offset < data.Length)
        {
            if (!TryReadEntry(data, (int)offset, maxHiveBinsSize, out var entry, out _) || entry.Sequence != expected)
            {
                break;
            }

            chain.Add(entry);
            offset += entry.Size;
            expected = unchecked(expected + 1);
        }

        return chain;
    }

    /// <summary>The pages of an entry returned by <see cref="ReadChain"/> (so already bounds-checked), in log order.</summary>
    public IEnumerable<DirtyPage> Pages(LogEntry entry)
    {
        int reference = entry.LogOffset + EntryHeaderSize;
        int data = reference + (entry.PageCount * PageReferenceSize);
        for (int i = 0; i < entry.PageCount; i++, reference += PageReferenceSize)
        {
            uint hiveOffset = BinaryPrimitives.ReadUInt32LittleEndian(Header.Data.AsSpan(reference));
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(Header.Data.AsSpan(reference + 4));
            yield return new DirtyPage(hiveOffset, length, data);
            data += length;
        }
    }

    /// <summary>
    /// Reads and fully validates the entry at <paramref name="offset"/>. On failure returns false and
    /// says why; never throws for any content of <paramref name="log"/>.
    /// </summary>
    public static bool TryReadEntry(byte[] log, int offset, long maxHiveBinsSize, out LogEntry entry, out string problem)
    {
        entry = null!;
        if (offset < 0 || (long)offset + EntryHeaderSize > log.Length)
        {
            problem = "end of log";
            return false;
        }

        var header = log.AsSpan(offset, EntryHeaderSize);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != EntrySignature)
        {
            problem = "no HvLE signature";
            return false;
        }

        uint size = BinaryPrimitives.ReadUInt32LittleEndian(header[SizeField..]);
        if (size < EntryAlignment || size % EntryAlignment != 0)
        {
            problem = $"entry size {size} is not a non-zero multiple of 512";
            return false;
        }

        if ((long)offset + size > log.Length)
        {
            problem = $"entry size {size} runs past the end of the {log.Length}-byte log";
            return false;
        }

        var whole = log.AsSpan(offset, (int)size);

        // Hash-2 is cheap and guards the header (including Hash-1), so a mangled size or count is
        // usually caught before hashing the whole entry.
        if (Marvin32.Compute(whole[..Hash2CoveredLength], Marvin32.RegistryLogSeed) != BinaryPrimitives.ReadUInt64LittleEndian(header[Hash2Field..]))
        {
            problem = "Hash-2 (entry header) does not match";
            return false;
        }

        if (Marvin32.Compute(whole[EntryHeaderSize..], Marvin32.RegistryLogSeed) != BinaryPrimitives.ReadUInt64LittleEndian(header[Hash1Field..]))
        {
            problem = "Hash-1 (entry body) does not match";
            return false;
        }

        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(header[FlagsField..]);
        uint sequence = BinaryPrimitives.ReadUInt32LittleEndian(header[SequenceField..]);
        uint binsSize = BinaryPrimitives.ReadUInt32LittleEndian(header[HiveBinsSizeField..]);
        if (binsSize == 0 || binsSize % HiveBinHeader.PageSize != 0)
        {
            problem = $"hive bins size 0x{binsSize:X} is not a non-zero multiple of 4096";
            return false;
        }

        // A valid hash only proves the bytes were not damaged, not that their author was Windows:
        // an entry asking for more memory than the inputs could ever fill is refused, not allocated.
        if (binsSize > maxHiveBinsSize)
        {
            problem = $"hive bins size 0x{binsSize:X} exceeds the 0x{maxHiveBinsSize:X} bytes the hive and its logs can account for";
            return false;
        }

        uint count = BinaryPrimitives.ReadUInt32LittleEndian(header[PageCountField..]);
        long referencesEnd = EntryHeaderSize + (long)count * PageReferenceSize;
        if (referencesEnd > size)
        {
            problem = $"{count} page references do not fit in a {size}-byte entry";
            return false;
        }

        long dataCursor = referencesEnd;
        for (int i = 0; i < count; i++)
        {
            var reference = whole[(EntryHeaderSize + (i * PageReferenceSize))..];
            uint pageOffset = BinaryPrimitives.ReadUInt32LittleEndian(reference);
            uint pageLength = BinaryPrimitives.ReadUInt32LittleEndian(reference[4..]);
            if ((long)pageOffset + pageLength > binsSize)
            {
                problem = $"page {i} (offset 0x{pageOffset:X}, {pageLength} bytes) lies outside the 0x{binsSize:X}-byte hive bins data";
                return false;
            }

            dataCursor += pageLength;
            if (dataCursor > size)
            {
                problem = $"page {i} data ({pageLength} bytes) runs past the end of the {size}-byte entry";
                return false;
            }
        }

        entry = new LogEntry(offset, (int)size, flags, sequence, binsSize, (int)count);
        problem = string.Empty;
        return true;
    }
}
