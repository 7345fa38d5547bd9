using OfflineRepair.TestSupport;

namespace OfflineRepair.Fat.Tests;

/// <summary>
/// An ESP-like tree written by mtools: EFI\Microsoft\Boot\BCD, long, mixed-case, unicode and 8.3
/// lowercase names, a folder of hundreds of entries, a fragmented file, an empty and a deleted file.
/// </summary>
internal sealed class EspFixture
{
    public const string BcdPath = "EFI/Microsoft/Boot/BCD";
    public const int ManyCount = 300;

    public EspFixture(TemporaryDirectory dir, string image)
    {
        Image = image;
        var random = new Random(4242);
        string Source(string name, int length)
        {
            var path = Path.Combine(dir.Path, "src", name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var bytes = new byte[length];
            random.NextBytes(bytes);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        FatImages.Mtools("mmd", image, "::EFI", "::EFI/Microsoft", "::EFI/Microsoft/Boot", "::EFI/Boot", "::Many", "::Frag");
        FatImages.Mtools("mcopy", image, Source("BCD", 32 * 1024 + 100), "::" + BcdPath);
        FatImages.Mtools("mcopy", image, Source("bootx64.efi", 70000), "::EFI/Boot/bootx64.efi");
        // One mcopy per name: mcopy writes the NT lowercase bits for "lower.txt" (mren does not for the extension).
        FatImages.Mtools("mcopy", image, Source("a", 10), "::EFI/Microsoft/A long name with spaces.txt");
        FatImages.Mtools("mcopy", image, Source("b", 5000), "::EFI/Microsoft/MixedCase.Txt");
        FatImages.Mtools("mcopy", image, Source("c", 1), "::EFI/Microsoft/Ünïcødé.txt");
        FatImages.Mtools("mcopy", image, Source("d", 513), "::EFI/Microsoft/lower.txt");
        FatImages.Mtools("mcopy", image, Source("e", 0), "::EFI/Microsoft/empty.dat");
        FatImages.Mtools("mcopy", image, Source("gone", 3000), "::EFI/Microsoft/deleted file.bin");
        FatImages.Mtools("mdel", image, "::EFI/Microsoft/deleted file.bin");

        var many = Enumerable.Range(0, ManyCount).Select(i => Source(Path.Combine("many", $"entry number {i:D3} with a long name.bin"), i % 7)).ToArray();
        FatImages.Mtools("mcopy", image, [.. many, "::Many/"]);

        // Fragmentation: A then B, delete A, and make mtools allocate from the start again
        // (clear the FSInfo next-free hint) so C fills A's hole and continues after B.
        FatImages.Mtools("mcopy", image, Source("A.bin", 8192), Source("B.bin", 4096), "::Frag/");
        FatImages.Mtools("mdel", image, "::Frag/A.bin");
        ClearNextFreeHint(image);
        FatImages.Mtools("mcopy", image, Source("C.bin", 40000), "::Frag/C.bin");
    }

    public string Image { get; }

    public static readonly string[] Folders = ["", "EFI", "EFI/Microsoft", "EFI/Microsoft/Boot", "EFI/Boot", "Many", "Frag"];

    private static void ClearNextFreeHint(string image)
    {
        using var stream = File.Open(image, FileMode.Open, FileAccess.ReadWrite);
        var sector = new byte[512];
        stream.ReadExactly(sector);
        // Only FAT32 has an FSInfo sector (BPB 0x30); on FAT16 those bytes are part of the label.
        int fsInfo = BitConverter.ToUInt16(sector, 0x30);
        if (BitConverter.ToUInt16(sector, 0x16) != 0 || fsInfo == 0)
        {
            return;
        }

        stream.Position = (fsInfo * 512) + 0x1EC;
        stream.Write([0xFF, 0xFF, 0xFF, 0xFF]);
    }
}
