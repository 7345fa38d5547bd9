using System.Buffers.Binary;
using N = OfflineRepair.Ntfs.NtfsLayout.FileName;

namespace OfflineRepair.Ntfs;

/// <summary>Which naming rules a $FILE_NAME follows. A long name that is also a valid 8.3 name is Win32AndDos.</summary>
public enum FileNameNamespace : byte
{
    Posix = 0,
    Win32 = 1,
    Dos = 2,
    Win32AndDos = 3,
}

/// <summary>$FILE_NAME: a name of the file in its parent directory (also the key of $I30 index entries).</summary>
public sealed record FileNameAttribute(
    long ParentRecordNumber,
    ushort ParentSequence,
    DateTime CreationTime,
    DateTime LastWriteTime,
    DateTime MftChangeTime,
    DateTime LastAccessTime,
    long AllocatedSize,
    long DataSize,
    uint FileAttributes,
    FileNameNamespace Namespace,
    string Name)
{
    /// <summary>Set in $FILE_NAME's attributes when the file has a $I30 index: a directory.</summary>
    public const uint DirectoryFlag = 0x10000000;

    public bool IsDirectory => (FileAttributes & DirectoryFlag) != 0;

    /// <summary>A DOS 8.3 name that only shadows a separate Win32 name; listings skip it.</summary>
    public bool IsDosOnly => Namespace == FileNameNamespace.Dos;

    internal static FileNameAttribute Parse(ReadOnlySpan<byte> value, string where)
    {
        if (value.Length < N.Name)
        {
            throw new NtfsFormatException("$FILE_NAME", where, $"value is {value.Length} bytes, shorter than its {N.Name}-byte header");
        }

        int nameLength = value[N.NameLength];
        if (N.Name + (2 * nameLength) > value.Length)
        {
            throw new NtfsFormatException("$FILE_NAME", where, $"name of {nameLength} characters runs past the value");
        }

        var space = value[N.Namespace];
        if (space > (byte)FileNameNamespace.Win32AndDos)
        {
            throw new NtfsFormatException("$FILE_NAME", where, $"namespace {space} is not valid");
        }

        var parent = BinaryPrimitives.ReadUInt64LittleEndian(value[N.ParentReference..]);
        return new FileNameAttribute(
            FileReference.RecordOf(parent),
            FileReference.SequenceOf(parent),
            NtfsTime.FromFileTime(BinaryPrimitives.ReadInt64LittleEndian(value[N.CreationTime..])),
            NtfsTime.FromFileTime(BinaryPrimitives.ReadInt64LittleEndian(value[N.LastWriteTime..])),
            NtfsTime.FromFileTime(BinaryPrimitives.ReadInt64LittleEndian(value[N.MftChangeTime..])),
            NtfsTime.FromFileTime(BinaryPrimitives.ReadInt64LittleEndian(value[N.LastAccessTime..])),
            BinaryPrimitives.ReadInt64LittleEndian(value[N.AllocatedSize..]),
            BinaryPrimitives.ReadInt64LittleEndian(value[N.DataSize..]),
            BinaryPrimitives.ReadUInt32LittleEndian(value[N.FileAttributes..]),
            (FileNameNamespace)space,
            AttributeRecord.Utf16(value.Slice(N.Name, 2 * nameLength)));
    }
}
