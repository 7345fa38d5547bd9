using OfflineRepair.Registry.Cells;
using OfflineRepair.Registry.Format;
using OfflineRepair.Registry.Logs;
using OfflineRepair.Registry.Storage;
using OfflineRepair.Registry.Tree;

namespace OfflineRepair.Registry;

/// <summary>
/// A registry hive file (SYSTEM, SOFTWARE, BCD, ...) held in memory. Reading never writes; edits
/// change the in-memory image and mark its 4 KiB pages dirty; <see cref="Commit"/> writes only those
/// pages and the base block, in Windows' two-phase sequence-number order.
/// </summary>
public sealed partial class Hive : IDisposable
{
    /// <summary>Deepest key nesting followed (Windows allows 512 levels).</summary>
    public const int MaxDepth = 512;

    private readonly Stream? _stream;
    private readonly bool _ownsStream;
    private readonly HiveImage _image;
    private readonly CellAllocator _allocator;
    private readonly TimeProvider _clock;
    private Exception? _failedEdit;
    private bool _disposed;

    private Hive(byte[] file, string displayName, Stream? writeStream, bool ownsStream, Func<IReadOnlyList<HiveLogFile>> logs, HiveOpenOptions options)
    {
        DisplayName = displayName;
        _clock = options.Clock;
        State = HiveState.Clean;

        byte[] image = file;
        if (file.Length >= 512 && BaseBlock.HasSignature(file) && HiveRecovery.IsDirty(file))
        {
            var recovery = HiveRecovery.Recover(file, logs()); // logs are read only for a dirty hive
            if (recovery is not null)
            {
                image = recovery.Image;
                Recovery = recovery;
                State = HiveState.Replayed;
            }
            else if (options.ForceDirty)
            {
                State = HiveState.ForcedDirty;
                image = (byte[])file.Clone();
            }
            else
            {
                throw new DirtyHiveException(displayName, BaseBlock.PrimarySequence(file), BaseBlock.SecondarySequence(file), BaseBlock.ChecksumIsValid(file));
            }
        }

        _image = new HiveImage(image);
        _allocator = new CellAllocator(_image);
        Subkeys = new SubkeyIndex(_image, _allocator);
        Values = new ValueStore(_image, _allocator);
        Security = new SecurityReferences(_image, _allocator);

        uint rootCell = BaseBlock.RootCell(_image.BaseBlockBytes);
        var rootNode = _image.Cell(rootCell, "root key node");
        KeyNode.RawName(rootNode, BaseBlock.Size + (long)rootCell);
        Root = new RegistryKey(this, rootCell, KeyNode.Name(rootNode, BaseBlock.Size + (long)rootCell), parent: null);

        if (State == HiveState.Replayed)
        {
            // The file on disk is not what we hold: a commit must write every page that differs too.
            MarkPagesDifferentFrom(file);
        }

        if (writeStream is not null)
        {
            _stream = writeStream;
            _ownsStream = ownsStream;
        }
    }

    /// <summary>The name used in messages: the file path, or what the caller gave for a stream.</summary>
    public string DisplayName { get; }

    public HiveState State { get; }

    /// <summary>The log replay that brought a dirty hive up to date, when there was one.</summary>
    public RecoveryResult? Recovery { get; }

    public RegistryKey Root { get; }

    public bool IsWritable => _stream is not null;

    public uint MinorVersion => _image.MinorVersion;

    public uint PrimarySequence => BaseBlock.PrimarySequence(_image.BaseBlockBytes);

    public uint SecondarySequence => BaseBlock.SecondarySequence(_image.BaseBlockBytes);

    /// <summary>Size of the hive bins data (the base block's field).</summary>
    public int HiveBinsSize => _image.BinsSize;

    /// <summary>The root key's name as stored (e.g. "ROOT", "CMI-CreateHive{...}", "$$$PROTO.HIV").</summary>
    public string RootName => Root.Name;

    /// <summary>True when an edit has not been committed yet. Replaying logs alone is not a change: it is written only with an edit.</summary>
    public bool HasUncommittedChanges => _image.HasEdits;

    internal HiveImage Image => _image;

    internal SubkeyIndex Subkeys { get; }

    internal ValueStore Values { get; }

    internal SecurityReferences Security { get; }

    internal long Now => _clock.GetUtcNow().UtcDateTime.ToFileTimeUtc();

    /// <summary>Opens a hive file. Transaction logs (NAME.LOG1, NAME.LOG2, NAME.LOG, any letter case) are read from beside it.</summary>
    public static Hive Open(string path, HiveOpenOptions? options = null)
    {
        options ??= HiveOpenOptions.ReadOnly;
        IReadOnlyList<HiveLogFile> logs() => HiveLogLocator.FindBeside(path);
        if (!options.Writable)
        {
            return new Hive(File.ReadAllBytes(path), path, writeStream: null, ownsStream: false, logs, options);
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1, FileOptions.RandomAccess);
        try
        {
            return new Hive(ReadAll(stream), path, stream, ownsStream: true, logs, options);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a hive held in a stream (a file inside a disk image, a test's MemoryStream). The stream is
    /// written on commit when the options ask for it; it must then be readable, writable and seekable.
    /// </summary>
    public static Hive Open(Stream stream, string displayName, IReadOnlyList<HiveLogFile>? logs = null, HiveOpenOptions? options = null, bool leaveOpen = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= HiveOpenOptions.ReadOnly;
        if (options.Writable && (!stream.CanWrite || !stream.CanSeek))
        {
            throw new ArgumentException("a writable hive needs a writable, seekable stream", nameof(stream));
        }

        return new Hive(ReadAll(stream), displayName, options.Writable ? stream : null, ownsStream: !leaveOpen, () => logs ?? [], options);
    }

    /// <summary>Reads a hive from bytes (never written).</summary>
    public static Hive Load(byte[] file, string displayName = "hive", IReadOnlyList<HiveLogFile>? logs = null, HiveOpenOptions? options = null) =>
        new((byte[])file.Clone(), displayName, writeStream: null, ownsStream: false, () => logs ?? [], (options ?? HiveOpenOptions.ReadOnly) with { Writable = false });

    /// <summary>The key at a backslash-separated path under the root, or null. Leading and trailing backslashes are ignored.</summary>
    public RegistryKey? OpenKey(string path) => Root.OpenKey(path);

    /// <summary>Every key, parent before children, each visited once (a cycle in a damaged hive is reported, not followed).</summary>
    public IEnumerable<RegistryKey> EnumerateTree() => Root.EnumerateTree();

    /// <summary>The bytes of the hive file as it would be after a commit (base block with the current fields).</summary>
    public byte[] ToArray() => _image.FileBytes.ToArray();

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_ownsStream)
        {
            _stream?.Dispose();
        }
    }

    internal void Touch(uint keyNode)
    {
        KeyNode.SetLastWrite(_image.MutableCell(keyNode, "key node"), Now);
    }

    internal void EnsureWritable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_stream is null)
        {
            throw new InvalidOperationException($"{DisplayName} was opened read-only");
        }

        if (_failedEdit is not null)
        {
            throw new InvalidOperationException($"an earlier edit of {DisplayName} failed; nothing more is edited or written", _failedEdit);
        }
    }

    /// <summary>
    /// Runs one edit. An edit that throws halfway leaves the in-memory hive inconsistent, so the hive
    /// refuses every later edit and commit: nothing is written after an error.
    /// </summary>
    internal T Edit<T>(Func<T> edit)
    {
        EnsureWritable();
        try
        {
            return edit();
        }
        catch (Exception e)
        {
            _failedEdit = e;
            throw;
        }
    }

    private static byte[] ReadAll(Stream stream)
    {
        if (stream.CanSeek)
        {
            stream.Position = 0;
            long length = stream.Length;
            if (length > int.MaxValue)
            {
                throw new HiveFormatException("base block", 0, $"file of {length} bytes is larger than any hive");
            }

            var buffer = new byte[length];
            stream.ReadExactly(buffer);
            return buffer;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private void MarkPagesDifferentFrom(byte[] onDisk)
    {
        var current = _image.FileBytes;
        const int page = HiveBinHeader.PageSize;
        for (int p = 1; p * page < current.Length; p++)
        {
            int start = p * page;
            int length = Math.Min(page, current.Length - start);
            if (start + length > onDisk.Length || !current.Slice(start, length).SequenceEqual(onDisk.AsSpan(start, length)))
            {
                _image.MarkPageDirty(p);
            }
        }
    }
}
