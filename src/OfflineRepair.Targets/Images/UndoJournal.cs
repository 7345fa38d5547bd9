using System.Buffers.Binary;
using System.Security.Cryptography;

namespace OfflineRepair.Targets.Images;

/// <summary>
/// A write-ahead undo journal of a disk: before a byte of the disk is first overwritten, the block
/// holding it is appended here with its original content and made durable. Whatever happens to the
/// writes that follow (a crash, a full disk, a refused VHDX block), applying the journal puts back
/// every byte of the virtual disk as it was: file data, MFT records, indexes, allocation bitmaps and
/// FAT copies alike, which copying the changed files back could not do.
/// </summary>
/// <remarks>
/// Layout: a 32-byte header ("ORUNDO01", block size, disk size, 12 reserved bytes), then records of
/// a 56-byte header ("BLK1", reserved, disk offset, length, reserved, SHA-256 of the bytes) and the original
/// bytes. A record cut short or failing its hash ends the journal: it was being appended when the
/// fix stopped, so its write to the disk never started.
/// </remarks>
public sealed class UndoJournal : IDisposable
{
    /// <summary>The journal's file name in a backup folder.</summary>
    public const string FileName = "image-undo.journal";

    /// <summary>Original bytes are saved in blocks of this size, aligned on the disk: the page the NTFS, FAT and hive writers use.</summary>
    public const int BlockSize = 4096;

    private const int HeaderSize = 32;
    private const int RecordHeaderSize = 56;
    private static ReadOnlySpan<byte> Magic => "ORUNDO01"u8;
    private static ReadOnlySpan<byte> RecordMagic => "BLK1"u8;

    private readonly FileStream _file;
    private readonly HashSet<long> _saved = [];

    private UndoJournal(FileStream file, string path)
    {
        _file = file;
        Path = path;
    }

    public string Path { get; }

    /// <summary>How many blocks have been saved so far.</summary>
    public int BlockCount => _saved.Count;

    /// <summary>Creates a new, empty journal (refusing to replace one: it may be the only way back).</summary>
    public static UndoJournal Create(string path, long diskSize)
    {
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
        try
        {
            Span<byte> header = stackalloc byte[HeaderSize];
            header.Clear();
            Magic.CopyTo(header);
            BinaryPrimitives.WriteInt32LittleEndian(header[8..], BlockSize);
            BinaryPrimitives.WriteInt64LittleEndian(header[12..], diskSize);
            file.Write(header);
            file.Flush(flushToDisk: true);
            return new UndoJournal(file, path);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>True when the block of the disk holding <paramref name="blockIndex"/> is already in the journal.</summary>
    public bool Holds(long blockIndex) => _saved.Contains(blockIndex);

    /// <summary>Appends original blocks and makes them durable before the caller overwrites them.</summary>
    public void Save(IReadOnlyList<(long BlockIndex, byte[] Original)> blocks)
    {
        if (blocks.Count == 0)
        {
            return;
        }

        using var buffer = new MemoryStream();
        Span<byte> header = stackalloc byte[RecordHeaderSize];
        foreach (var (index, original) in blocks)
        {
            header.Clear();
            RecordMagic.CopyTo(header);
            BinaryPrimitives.WriteInt64LittleEndian(header[8..], index * BlockSize);
            BinaryPrimitives.WriteInt32LittleEndian(header[16..], original.Length);
            SHA256.HashData(original, header[24..56]);
            buffer.Write(header);
            buffer.Write(original);
        }

        _file.Write(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        _file.Flush(flushToDisk: true);
        foreach (var (index, _) in blocks)
        {
            _saved.Add(index);
        }
    }

    /// <summary>
    /// Reads a journal's records (offset on the disk, original bytes) in the order they were saved,
    /// stopping at a torn last record. Throws <see cref="InvalidDataException"/> when the file is not
    /// a journal or was made for a disk of another size.
    /// </summary>
    public static IReadOnlyList<(long Offset, byte[] Original)> Read(string path, long diskSize)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < HeaderSize || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{path} is not an offline-repair undo journal");
        }

        var size = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(12));
        if (size != diskSize)
        {
            throw new InvalidDataException($"{path} was recorded on a disk of {size} bytes, but this one has {diskSize}: it belongs to another disk");
        }

        var records = new List<(long, byte[])>();
        int at = HeaderSize;
        while (at + RecordHeaderSize <= bytes.Length)
        {
            var header = bytes.AsSpan(at, RecordHeaderSize);
            var offset = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
            var length = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
            bool sane = header[..4].SequenceEqual(RecordMagic) && offset >= 0 && offset < diskSize
                && length is > 0 and <= BlockSize && at + RecordHeaderSize + length <= bytes.Length;
            if (!sane)
            {
                break;
            }

            var original = bytes.AsSpan(at + RecordHeaderSize, length).ToArray();
            if (!SHA256.HashData(original).AsSpan().SequenceEqual(header[24..56]))
            {
                break;
            }

            records.Add((offset, original));
            at += RecordHeaderSize + length;
        }

        return records;
    }

    public void Dispose() => _file.Dispose();
}
