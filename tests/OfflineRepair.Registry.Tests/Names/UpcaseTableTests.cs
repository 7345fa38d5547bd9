using System.Security.Cryptography;
using OfflineRepair.Registry.Names;
using OfflineRepair.Registry.Tests.Oracles;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Registry.Tests.Names;

/// <summary>The embedded uppercase table is Windows' own: by its known MD5, by a Windows 10 volume's $UpCase, and by what mkntfs writes.</summary>
public sealed class UpcaseTableTests
{
    [Fact]
    public void Table_has_the_md5_of_the_Windows_8_and_later_UpCase_file()
    {
        var bytes = UpcaseTable.ToBytes();

        Assert.Equal(131072, bytes.Length);
        Assert.Equal("7ff498a44e45e77374cc7c962b1b92f2", Convert.ToHexStringLower(MD5.HashData(bytes)));
    }

    [Fact]
    public void Table_equals_the_UpCase_file_of_a_volume_Windows_10_formatted()
    {
        var windows = CorpusFiles.Bytes("windows10-upcase.bin");

        Assert.Equal(windows, UpcaseTable.ToBytes());
        for (int c = 0; c < 65536; c++)
        {
            Assert.Equal(WindowsNames.Upcase((char)c), UpcaseTable.ToUpper((char)c));
        }
    }

    [Fact]
    public void Table_equals_the_UpCase_file_mkntfs_writes()
    {
        var mkntfs = Tools.Require("mkntfs", "ntfs-3g");
        var ntfscat = Tools.Require("ntfscat", "ntfs-3g");
        using var folder = new TemporaryDirectory();
        var image = folder.File("volume.img");
        var upcase = folder.File("upcase.bin");
        using (var file = File.Create(image))
        {
            file.SetLength(16 * 1024 * 1024);
        }

        var format = Tools.Run(mkntfs, ["-F", "-f", "-q", image], timeoutSeconds: 60);
        Assert.True(format.ExitCode == 0, "mkntfs: " + format.StandardError);
        // $UpCase is MFT record 10; ntfscat writes binary, so let the shell redirect it into a file.
        var cat = Tools.Run("/bin/sh", ["-c", "\"$0\" -i 10 \"$1\" > \"$2\"", ntfscat, image, upcase], timeoutSeconds: 60);
        Assert.True(cat.ExitCode == 0, "ntfscat: " + cat.StandardError);

        Assert.Equal(File.ReadAllBytes(upcase), UpcaseTable.ToBytes());
    }

    [Fact]
    public void Table_keeps_the_micro_sign_and_does_not_fold_surrogates_where_dotnet_does()
    {
        Assert.Equal('\u00B5', UpcaseTable.ToUpper('\u00B5'));
        Assert.Equal('\u039C', char.ToUpperInvariant('\u00B5'));
        Assert.Equal('\u0178', UpcaseTable.ToUpper('\u00FF'));
        Assert.Equal('\u039C', UpcaseTable.ToUpper('\u03BC'));
        for (int c = 0xD800; c <= 0xDFFF; c++)
        {
            Assert.Equal((char)c, UpcaseTable.ToUpper((char)c));
        }

        int differences = Enumerable.Range(0, 65536).Count(c => UpcaseTable.ToUpper((char)c) != char.ToUpperInvariant((char)c));
        Assert.True(differences > 0, "Windows' table and .NET's uppercase should differ somewhere");
        TestContext.Current.TestOutputHelper?.WriteLine($"{differences} code units uppercase differently in .NET (invariant mode) and Windows");
    }
}
