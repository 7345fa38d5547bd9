using System.Text;

namespace OfflineRepair.Fat.Tests;

public sealed class LongFileNameTests
{
    [Fact]
    public void Checksum_follows_the_rotate_and_add_rule()
    {
        var name = Encoding.ASCII.GetBytes("MICROS~1   ");
        byte expected = 0;
        foreach (var b in name)
        {
            expected = (byte)((expected >> 1) + ((expected & 1) != 0 ? 0x80 : 0) + b);
        }

        Assert.Equal(expected, LongFileName.Checksum(name));
    }

    [Fact]
    public void Orphaned_long_name_falls_back_to_the_short_name()
    {
        var directory = new byte[4 * 32];
        var shortName = Encoding.ASCII.GetBytes("MICROS~1   ");
        WriteLfn(directory.AsSpan(0, 32), 0x41, "Microsoft", LongFileName.Checksum(shortName));
        shortName.CopyTo(directory, 32);
        directory[32 + 0x0B] = 0x10;

        // The same long entry before a different short entry: its checksum does not match.
        WriteLfn(directory.AsSpan(64, 32), 0x41, "Orphan", LongFileName.Checksum(shortName));
        Encoding.ASCII.GetBytes("OTHER   TXT").CopyTo(directory, 96);
        directory[96 + 0x0B] = 0x20;

        var parsed = FatDirectory.Parse(directory, at => at, FatType.Fat32);
        Assert.Equal(["Microsoft", "OTHER.TXT"], parsed.Entries.Select(e => e.Name));
    }

    private static void WriteLfn(Span<byte> entry, byte ordinal, string name, byte checksum)
    {
        var units = new ushort[13];
        Array.Fill(units, (ushort)0xFFFF);
        for (int i = 0; i < name.Length; i++)
        {
            units[i] = name[i];
        }

        if (name.Length < 13)
        {
            units[name.Length] = 0;
        }

        entry[0] = ordinal;
        entry[0x0B] = 0x0F;
        entry[0x0D] = checksum;
        int[] positions = [1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30];
        for (int i = 0; i < 13; i++)
        {
            entry[positions[i]] = (byte)units[i];
            entry[positions[i] + 1] = (byte)(units[i] >> 8);
        }
    }
}
