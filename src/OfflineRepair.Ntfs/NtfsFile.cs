namespace OfflineRepair.Ntfs;

/// <summary>
/// A file or directory: its base MFT record plus, when it has an $ATTRIBUTE_LIST, the attributes held in its
/// extension records. Attribute extents of one attribute are joined by their starting VCN.
/// </summary>
public sealed partial class NtfsFile
{
    private readonly NtfsVolume volume;
    private readonly List<AttributeRecord> attributes;
    private DirectoryIndex? index;

    internal NtfsFile(NtfsVolume volume, MftRecord record, List<AttributeRecord> attributes)
    {
        this.volume = volume;
        Record = record;
        this.attributes = attributes;
        var si = attributes.FirstOrDefault(a => a.Type == AttributeType.StandardInformation && a.IsResident);
        StandardInformation = si is null ? null : StandardInformation.Parse(si.Value.Span, record.RecordNumber);
        Names = [.. attributes
            .Where(a => a.Type == AttributeType.FileName && a.IsResident)
            .Select(a => FileNameAttribute.Parse(a.Value.Span, $"record {record.RecordNumber}"))];
    }

    public MftRecord Record { get; }
    public long RecordNumber => Record.RecordNumber;
    public ushort SequenceNumber => Record.SequenceNumber;
    public bool IsDirectory => Record.IsDirectory && HasAttribute(AttributeType.IndexRoot, "$I30");
    public StandardInformation? StandardInformation { get; }
    public IReadOnlyList<FileNameAttribute> Names { get; }

    /// <summary>All attribute extents of the file (base and extension records).</summary>
    public IReadOnlyList<AttributeRecord> Attributes => attributes;

    /// <summary>The long name: Win32 (or POSIX) preferred over the DOS 8.3 one; empty when the file has no name.</summary>
    public string Name =>
        (Names.FirstOrDefault(n => n.Namespace != FileNameNamespace.Dos) ?? Names.FirstOrDefault())?.Name ?? "";

    /// <summary>Size of the unnamed $DATA stream (0 for a directory or a file without one).</summary>
    public long Length => HasAttribute(AttributeType.Data, "") ? AttributeSize(AttributeType.Data, "") : 0;

    public DateTime CreationTime => StandardInformation?.CreationTime ?? default;
    public DateTime LastWriteTime => StandardInformation?.LastWriteTime ?? default;
    public DateTime LastAccessTime => StandardInformation?.LastAccessTime ?? default;

    /// <summary>Names of the named $DATA streams (alternate data streams).</summary>
    public IReadOnlyList<string> StreamNames =>
        [.. attributes.Where(a => a.Type == AttributeType.Data && a.Name.Length > 0).Select(a => a.Name).Distinct(StringComparer.Ordinal)];

    public bool HasAttribute(AttributeType type, string name) =>
        attributes.Any(a => a.Type == type && string.Equals(a.Name, name, StringComparison.Ordinal));

    /// <summary>The unnamed $DATA (or the named stream) as a read-only seekable stream.</summary>
    public Stream OpenRead(string streamName = "")
    {
        if (!HasAttribute(AttributeType.Data, streamName))
        {
            var what = streamName.Length == 0 ? "unnamed $DATA stream" : $"stream \"{streamName}\"";
            throw new FileNotFoundException($"record {RecordNumber} ({Name}) has no {what}");
        }

        return OpenAttribute(AttributeType.Data, streamName);
    }

    /// <summary>The directory's entries, each file once: DOS-only 8.3 aliases and the root's "." entry are left out.</summary>
    public IReadOnlyList<NtfsDirectoryEntry> ListDirectory() =>
        [.. Index.All()
            .Where(e => !e.Key!.IsDosOnly && FileReference.RecordOf(e.FileReference) != RecordNumber)
            .Select(ToEntry)];

    /// <summary>Looks a name up in this directory, case-insensitively as Windows does; null when absent.</summary>
    public NtfsDirectoryEntry? Find(string name)
    {
        var entry = Index.Find(name);
        return entry is null ? null : ToEntry(entry);
    }

    private DirectoryIndex Index
    {
        get
        {
            if (!IsDirectory)
            {
                throw new InvalidOperationException($"record {RecordNumber} ({Name}) is not a directory");
            }

            return index ??= new DirectoryIndex(volume, this);
        }
    }

    private static NtfsDirectoryEntry ToEntry(IndexEntry e) =>
        new(e.Key!.Name, FileReference.RecordOf(e.FileReference), FileReference.SequenceOf(e.FileReference), e.Key);

    internal byte[]? ReadResidentValue(AttributeType type, string name)
    {
        var found = attributes.FirstOrDefault(a => a.Type == type && string.Equals(a.Name, name, StringComparison.Ordinal));
        if (found is null)
        {
            return null;
        }

        if (!found.IsResident)
        {
            throw new NtfsFormatException("attribute", $"record {RecordNumber}", $"attribute 0x{(uint)type:X} must be resident");
        }

        return found.Value.ToArray();
    }

    internal long AttributeSize(AttributeType type, string name) => Extents(type, name)[0].DataSize;

    /// <summary>Any attribute's value as a stream: resident from memory, non-resident through its joined runlist.</summary>
    internal Stream OpenAttribute(AttributeType type, string name)
    {
        var extents = Extents(type, name);
        var first = extents[0];
        if (first.IsResident)
        {
            return new MemoryStream(first.Value.ToArray(), writable: false);
        }

        var where = $"record {RecordNumber} attribute 0x{(uint)type:X} \"{name}\"";
        if (first.IsCompressed)
        {
            throw new NotSupportedException($"compressed file: {where} of \"{Name}\" is NTFS-compressed, which this reader does not decompress");
        }

        if (first.IsEncrypted)
        {
            throw new NotSupportedException($"encrypted file: {where} of \"{Name}\" is EFS-encrypted and cannot be read");
        }

        return new NonResidentStream(volume, JoinRuns(extents, where), first.DataSize, first.InitializedSize);
    }

    internal static List<DataRun> JoinRuns(IReadOnlyList<AttributeRecord> extents, string where)
    {
        var runs = new List<DataRun>();
        long nextVcn = 0;
        foreach (var extent in extents)
        {
            if (extent.IsResident)
            {
                throw new NtfsFormatException("attribute", where, "mixes resident and non-resident extents");
            }

            if (extent.LowestVcn != nextVcn)
            {
                throw new NtfsFormatException("attribute", where, $"extent starts at VCN {extent.LowestVcn}, expected {nextVcn}");
            }

            runs.AddRange(extent.Runs);
            nextVcn = extent.HighestVcn + 1;
        }

        return runs;
    }

    private List<AttributeRecord> Extents(AttributeType type, string name)
    {
        var extents = attributes
            .Where(a => a.Type == type && string.Equals(a.Name, name, StringComparison.Ordinal))
            .OrderBy(a => a.LowestVcn)
            .ToList();
        if (extents.Count == 0)
        {
            throw new NtfsFormatException("attribute", $"record {RecordNumber}", $"attribute 0x{(uint)type:X} \"{name}\" is missing");
        }

        if (extents[0].IsResident && extents.Count > 1)
        {
            throw new NtfsFormatException("attribute", $"record {RecordNumber}", $"attribute 0x{(uint)type:X} \"{name}\" appears more than once");
        }

        if (!extents[0].IsResident)
        {
            // Only the first extent holds the sizes; the runs must map every byte of the data.
            var clusters = extents[^1].HighestVcn + 1;
            var cluster = volume.BootSector.ClusterSize;
            if (clusters < long.MaxValue / cluster && extents[0].DataSize > clusters * cluster)
            {
                throw new NtfsFormatException("attribute", $"record {RecordNumber}",
                    $"attribute 0x{(uint)type:X} \"{name}\" has {extents[0].DataSize} bytes but its runs map only {clusters} clusters");
            }
        }

        return extents;
    }
}
