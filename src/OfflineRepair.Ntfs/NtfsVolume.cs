using L = OfflineRepair.Ntfs.NtfsLayout;

namespace OfflineRepair.Ntfs;

/// <summary>
/// An NTFS volume over a seekable stream (a partition window or a bare volume image). Records are read on
/// demand through the $MFT's own runlist; nothing is cached but the $UpCase table. <see cref="Open"/> only
/// reads; <see cref="OpenForWriting"/> (NtfsVolume.Write.cs) also lets existing files be rewritten.
/// </summary>
public sealed partial class NtfsVolume : IDisposable
{
    private readonly Stream stream;
    private readonly bool leaveOpen;
    private readonly object gate = new();
    private Stream mft;
    private long recordCount;
    private UpcaseTable? upcase;

    private NtfsVolume(Stream stream, bool leaveOpen, NtfsBootSector boot)
    {
        this.stream = stream;
        this.leaveOpen = leaveOpen;
        BootSector = boot;
        mft = Stream.Null;
    }

    public NtfsBootSector BootSector { get; }

    /// <summary>Number of MFT records (the $MFT's data size divided by the record size).</summary>
    public long MftRecordCount => recordCount;

    /// <summary>The volume's $UpCase (file 10), loaded on first use.</summary>
    public UpcaseTable Upcase => upcase ??= LoadUpcase();

    public NtfsFile RootDirectory => OpenFile(L.SystemFiles.Root);

    /// <summary>Says what sector 0 of <paramref name="volume"/> holds (NTFS, BitLocker, or something else).</summary>
    public static VolumeKind Identify(Stream volume)
    {
        var sector = new byte[L.Boot.Size];
        volume.Position = 0;
        var read = volume.ReadAtLeast(sector, sector.Length, throwOnEndOfStream: false);
        return NtfsBootSector.Identify(sector.AsSpan(0, read));
    }

    /// <summary>Opens a volume read-only. Throws <see cref="NtfsFormatException"/> when it is not a readable NTFS
    /// volume (including BitLocker-encrypted ones).</summary>
    public static NtfsVolume Open(Stream volume, bool leaveOpen = true)
    {
        ArgumentNullException.ThrowIfNull(volume);
        if (!volume.CanRead || !volume.CanSeek)
        {
            throw new ArgumentException("the volume stream must be readable and seekable", nameof(volume));
        }

        var sector = new byte[L.Boot.Size];
        volume.Position = 0;
        if (volume.ReadAtLeast(sector, sector.Length, throwOnEndOfStream: false) < sector.Length)
        {
            throw new NtfsFormatException("boot sector", "offset 0", "the volume is shorter than one sector");
        }

        var result = new NtfsVolume(volume, leaveOpen, NtfsBootSector.Parse(sector));
        result.LoadMft();
        return result;
    }

    /// <summary>Reads and parses MFT record <paramref name="recordNumber"/> (fixups checked).</summary>
    public MftRecord ReadRecord(long recordNumber)
    {
        if (recordNumber < 0 || recordNumber >= recordCount)
        {
            throw NtfsFormatException.Record(recordNumber, $"record number is past the end of the MFT ({recordCount} records)");
        }

        var size = BootSector.MftRecordSize;
        var buffer = new byte[size];
        lock (gate)
        {
            mft.Position = recordNumber * size;
            mft.ReadExactly(buffer);
        }

        return MftRecord.Parse(buffer, recordNumber, BootSector.TotalClusters);
    }

    /// <summary>Opens the file whose base record is <paramref name="recordNumber"/>, with its extension records.</summary>
    public NtfsFile OpenFile(long recordNumber) => OpenFile(recordNumber, null);

    /// <summary>Resolves a Windows path from the root (<c>Windows\System32\config\SYSTEM</c>, any case, '\' or '/').
    /// Throws <see cref="FileNotFoundException"/> when a component is missing.</summary>
    public NtfsFile OpenPath(string path) =>
        TryOpenPath(path) ?? throw new FileNotFoundException($"not found on the NTFS volume: {path}", path);

    /// <summary>As <see cref="OpenPath"/>, but null when a component is missing.</summary>
    public NtfsFile? TryOpenPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);

        // "C:\Windows\..." names the same file: ':' cannot occur in an NTFS file name, so a drive prefix is dropped.
        if (path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0]))
        {
            path = path[2..];
        }

        var current = RootDirectory;
        foreach (var part in path.Split(['\\', '/'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (!current.IsDirectory)
            {
                return null;
            }

            var entry = current.Find(part);
            if (entry is null)
            {
                return null;
            }

            current = OpenFile(entry.RecordNumber, entry.SequenceNumber);
        }

        return current;
    }

    /// <summary>The unnamed $DATA of the file at <paramref name="path"/> as a read-only seekable stream.</summary>
    public Stream OpenRead(string path, string streamName = "") => OpenPath(path).OpenRead(streamName);

    /// <summary>Dirty flag, label, version, $LogFile and hibernation state (see <see cref="VolumeState"/>).</summary>
    public VolumeState GetState() => VolumeState.Read(this);

    public void Dispose()
    {
        if (!leaveOpen)
        {
            stream.Dispose();
        }
    }

    /// <summary>Reads bytes of the volume; a read past the end of the stream is a format error (truncated image).</summary>
    internal void ReadAt(long offset, Span<byte> buffer)
    {
        lock (gate)
        {
            if (offset < 0 || offset > stream.Length - buffer.Length)
            {
                throw new NtfsFormatException("volume", $"offset {offset}", $"a read of {buffer.Length} bytes runs past the end of the volume ({stream.Length} bytes): truncated image?");
            }

            stream.Position = offset;
            stream.ReadExactly(buffer);
        }
    }

    private NtfsFile OpenFile(long recordNumber, ushort? expectedSequence)
    {
        var record = ReadRecord(recordNumber);
        if (!record.IsInUse)
        {
            throw NtfsFormatException.Record(recordNumber, "record is not in use (a directory entry points to a deleted file)");
        }

        if (record.BaseRecordNumber != 0)
        {
            throw NtfsFormatException.Record(recordNumber, $"is an extension record of record {record.BaseRecordNumber}, not a file");
        }

        if (expectedSequence is { } sequence && sequence != 0 && sequence != record.SequenceNumber)
        {
            throw NtfsFormatException.Record(recordNumber, $"sequence number is {record.SequenceNumber} but the reference expects {sequence} (stale entry)");
        }

        var attributes = new List<AttributeRecord>(record.Attributes);
        var list = record.Attributes.FirstOrDefault(a => a.Type == AttributeType.AttributeList);
        if (list is not null)
        {
            attributes.AddRange(ExtensionAttributes(record, list));
        }

        return new NtfsFile(this, record, attributes);
    }

    /// <summary>Follows an $ATTRIBUTE_LIST into the extension records. Each extension record is read once and
    /// must name this base record; lists inside extension records are not followed, so lists cannot loop.</summary>
    private List<AttributeRecord> ExtensionAttributes(MftRecord record, AttributeRecord list)
    {
        byte[] value;
        if (list.IsResident)
        {
            value = list.Value.ToArray();
        }
        else
        {
            if (list.DataSize > L.Limits.MaxAttributeListBytes || list.LowestVcn != 0)
            {
                throw NtfsFormatException.Record(record.RecordNumber, $"$ATTRIBUTE_LIST of {list.DataSize} bytes is not valid");
            }

            var where = $"record {record.RecordNumber} $ATTRIBUTE_LIST";
            if (list.HighestVcn + 1 < list.DataSize / BootSector.ClusterSize + (list.DataSize % BootSector.ClusterSize == 0 ? 0 : 1))
            {
                throw NtfsFormatException.Record(record.RecordNumber, "$ATTRIBUTE_LIST runs map fewer bytes than its size");
            }

            using var listStream = new NonResidentStream(this, NtfsFile.JoinRuns([list], where), list.DataSize, list.InitializedSize);
            value = new byte[list.DataSize];
            listStream.ReadExactly(value);
        }

        var result = new List<AttributeRecord>();
        var seen = new HashSet<long> { record.RecordNumber };
        foreach (var entry in AttributeList.Parse(value, record.RecordNumber))
        {
            if (!seen.Add(entry.RecordNumber))
            {
                continue;
            }

            var extension = ReadRecord(entry.RecordNumber);
            if (extension.BaseRecordNumber != record.RecordNumber || !extension.IsInUse)
            {
                throw new NtfsFormatException("$ATTRIBUTE_LIST", $"record {record.RecordNumber}",
                    $"names record {entry.RecordNumber}, which is not an in-use extension of this file");
            }

            result.AddRange(extension.Attributes.Where(a => a.Type != AttributeType.AttributeList));
        }

        return result;
    }

    /// <summary>
    /// Bootstraps the MFT: record 0 is read at the boot sector's MFT cluster, its own $DATA runs give the
    /// records after it; if $MFT has an $ATTRIBUTE_LIST, the runs of its later extents live in extension
    /// records that the first extent must already map.
    /// </summary>
    private void LoadMft()
    {
        var size = BootSector.MftRecordSize;
        var buffer = new byte[size];
        ReadAt(BootSector.MftLcn * BootSector.ClusterSize, buffer);
        var record0 = MftRecord.Parse(buffer, 0, BootSector.TotalClusters);
        var first = record0.Attributes.FirstOrDefault(a => a.Type == AttributeType.Data && a.Name.Length == 0 && a.LowestVcn == 0);
        if (first is null || first.IsResident)
        {
            throw NtfsFormatException.Record(0, "$MFT has no non-resident unnamed $DATA attribute");
        }

        var cluster = BootSector.ClusterSize;
        var clusters = first.HighestVcn + 1;
        var mapped = clusters > long.MaxValue / cluster ? first.DataSize : Math.Min(first.DataSize, clusters * cluster);
        mft = new NonResidentStream(this, first.Runs, mapped, Math.Min(first.InitializedSize, mapped));
        recordCount = mapped / size;
        if (recordCount <= L.SystemFiles.UpCase)
        {
            throw NtfsFormatException.Record(0, $"$MFT holds only {recordCount} records");
        }

        var file = OpenFile(L.SystemFiles.Mft, null);
        mft = file.OpenAttribute(AttributeType.Data, "");
        recordCount = mft.Length / size;
    }

    private UpcaseTable LoadUpcase()
    {
        using var data = OpenFile(L.SystemFiles.UpCase).OpenRead();
        var bytes = new byte[(int)Math.Min(data.Length, 2 * L.Limits.UpcaseEntries)];
        data.ReadExactly(bytes);
        return new UpcaseTable(bytes);
    }
}
