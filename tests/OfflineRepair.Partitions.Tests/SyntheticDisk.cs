using System.Buffers.Binary;
using System.Text;

namespace OfflineRepair.Partitions.Tests;

/// <summary>
/// Small disk images built byte by byte in memory, for the cases the partitioning tools refuse to
/// make (loops, overlaps, bad CRCs) and for fuzzing. Offsets are written out here from the
/// specification on purpose, not taken from the library's layout constants.
/// </summary>
internal static class SyntheticDisk
{
    public const int Sector = 512;
    public const int Sectors = 2048; // 1 MiB

    public static readonly Guid DiskGuid = new("11111111-2222-3333-4444-555555555555");

    public static void WriteMbrEntry(byte[] image, long recordLba, int slot, byte boot, byte type, uint start, uint count)
    {
        var entry = image.AsSpan((int)(recordLba * Sector) + 0x1BE + (slot * 16), 16);
        entry.Clear();
        entry[0] = boot;
        entry[4] = type;
        BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], start);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[12..], count);
    }

    public static void Sign(byte[] image, long recordLba)
    {
        image[(recordLba * Sector) + 510] = 0x55;
        image[(recordLba * Sector) + 511] = 0xAA;
    }

    /// <summary>
    /// MBR: 1 active NTFS at 64..(+256), 2 extended at 512..2047 holding logical 5 (EBR 512, data
    /// 513..+200), 6 (EBR 800, data 832..+100), 7 (EBR 1200, data 1201..+400).
    /// </summary>
    public static byte[] MbrWithLogicals()
    {
        var image = new byte[Sectors * Sector];
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(0x1B8), 0xCAFEF00D);
        WriteMbrEntry(image, 0, 0, 0x80, 0x07, 64, 256);
        WriteMbrEntry(image, 0, 1, 0x00, 0x05, 512, 1536);
        Sign(image, 0);
        Ebr(image, 512, 1, 200, 0x07, next: 800);
        Ebr(image, 800, 32, 100, 0x83, next: 1200);
        Ebr(image, 1200, 1, 400, 0x0C, next: null);
        return image;
    }

    public static void Ebr(byte[] image, long ebrLba, uint relativeStart, uint count, byte type, long? next, long extendedStart = 512)
    {
        WriteMbrEntry(image, ebrLba, 0, 0, type, relativeStart, count);
        if (next is { } n)
        {
            WriteMbrEntry(image, ebrLba, 1, 0, 0x05, (uint)(n - extendedStart), 16);
        }
        else
        {
            WriteMbrEntry(image, ebrLba, 1, 0, 0, 0, 0);
        }

        Sign(image, ebrLba);
    }

    public sealed record GptPart(Guid Type, Guid Unique, long First, long Last, string Name, ulong Attributes = 0);

    public static readonly GptPart[] Gen2Parts =
    [
        new(new Guid("de94bba4-06d1-4d40-a16a-bfd50179d6ac"), new Guid("aaaaaaaa-0000-0000-0000-000000000001"), 40, 299, "Recovery", 0x8000000000000001),
        new(new Guid("c12a7328-f81f-11d2-ba4b-00a0c93ec93b"), new Guid("aaaaaaaa-0000-0000-0000-000000000002"), 300, 499, "EFI system partition"),
        new(new Guid("e3c9e316-0b5c-4db8-817d-f92df00215ae"), new Guid("aaaaaaaa-0000-0000-0000-000000000003"), 500, 531, "Microsoft reserved partition"),
        new(new Guid("ebd0a0a2-b9e5-4433-87c0-68b6b72699c7"), new Guid("aaaaaaaa-0000-0000-0000-000000000004"), 532, 2000, "Basic data partition"),
    ];

    /// <summary>A GPT disk (protective MBR, primary at 1/2..33, backup array 2015..2046, backup header 2047).</summary>
    public static byte[] Gpt(GptPart[]? parts = null, int entryCount = 128)
    {
        parts ??= Gen2Parts;
        var image = new byte[Sectors * Sector];
        WriteMbrEntry(image, 0, 0, 0, 0xEE, 1, Sectors - 1);
        Sign(image, 0);
        int arraySectors = (entryCount * 128 + Sector - 1) / Sector;
        var array = new byte[arraySectors * Sector];
        for (int i = 0; i < parts.Length; i++)
        {
            var e = array.AsSpan(i * 128, 128);
            parts[i].Type.TryWriteBytes(e);
            parts[i].Unique.TryWriteBytes(e[16..]);
            BinaryPrimitives.WriteInt64LittleEndian(e[32..], parts[i].First);
            BinaryPrimitives.WriteInt64LittleEndian(e[40..], parts[i].Last);
            BinaryPrimitives.WriteUInt64LittleEndian(e[48..], parts[i].Attributes);
            Encoding.Unicode.GetBytes(parts[i].Name).CopyTo(e[56..]);
        }

        long lastLba = Sectors - 1;
        long backupArray = lastLba - arraySectors;
        array.CopyTo(image, 2 * Sector);
        array.CopyTo(image, (int)(backupArray * Sector));
        WriteHeader(image, 1, lastLba, 2 + arraySectors, backupArray - 1, 2, entryCount);
        WriteHeader(image, lastLba, 1, 2 + arraySectors, backupArray - 1, backupArray, entryCount);
        return image;
    }

    private static void WriteHeader(byte[] image, long myLba, long alternate, long firstUsable, long lastUsable, long entriesLba, int entryCount)
    {
        var h = image.AsSpan((int)(myLba * Sector), Sector);
        h.Clear();
        Encoding.ASCII.GetBytes("EFI PART").CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[8..], 0x00010000);
        BinaryPrimitives.WriteUInt32LittleEndian(h[12..], 92);
        BinaryPrimitives.WriteInt64LittleEndian(h[24..], myLba);
        BinaryPrimitives.WriteInt64LittleEndian(h[32..], alternate);
        BinaryPrimitives.WriteInt64LittleEndian(h[40..], firstUsable);
        BinaryPrimitives.WriteInt64LittleEndian(h[48..], lastUsable);
        DiskGuid.TryWriteBytes(h[56..]);
        BinaryPrimitives.WriteInt64LittleEndian(h[72..], entriesLba);
        BinaryPrimitives.WriteInt32LittleEndian(h[80..], entryCount);
        BinaryPrimitives.WriteInt32LittleEndian(h[84..], 128);
        Seal(image, myLba);
    }

    /// <summary>
    /// Recomputes the entry-array CRC and then the header CRC of the header at <paramref name="lba"/>
    /// as far as its fields allow, so that mutated fields get past the checksums to the other checks.
    /// </summary>
    public static void Seal(byte[] image, long lba)
    {
        if ((lba + 1) * Sector > image.Length)
        {
            return;
        }

        var h = image.AsSpan((int)(lba * Sector), Sector);
        var entriesLba = BinaryPrimitives.ReadUInt64LittleEndian(h[72..]);
        var count = BinaryPrimitives.ReadUInt32LittleEndian(h[80..]);
        var size = BinaryPrimitives.ReadUInt32LittleEndian(h[84..]);
        ulong bytes = (ulong)count * size;
        if (entriesLba < (ulong)(image.Length / Sector) && bytes <= (ulong)image.Length - (entriesLba * Sector))
        {
            var crc = Crc32.Compute(image.AsSpan((int)(entriesLba * Sector), (int)bytes));
            BinaryPrimitives.WriteUInt32LittleEndian(h[88..], crc);
        }

        var headerSize = BinaryPrimitives.ReadUInt32LittleEndian(h[12..]);
        if (headerSize is >= 20 and <= Sector)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(h[16..], 0);
            BinaryPrimitives.WriteUInt32LittleEndian(h[16..], Crc32.Compute(h[..(int)headerSize]));
        }
    }
}
