using System.Security.Cryptography;
using OfflineRepair.Registry;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Execution;

/// <summary>
/// A Windows volume laid out in a temporary folder from copies of corpus hives:
/// <c>&lt;root&gt;/vol/Windows/System32/config/SYSTEM</c> (or the lower-case spelling a Linux NTFS
/// mount may show), with transaction logs and an optional SOFTWARE hive built for the test.
/// </summary>
internal sealed class TestVolume : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    private TestVolume(bool lowerCase)
    {
        var parts = lowerCase ? new[] { "windows", "system32", "config" } : ["Windows", "System32", "config"];
        Root = Path.Combine(_dir.Path, "vol");
        ConfigFolder = Path.Combine([Root, .. parts]);
        Directory.CreateDirectory(ConfigFolder);
        SystemName = lowerCase ? "system" : "SYSTEM";
    }

    /// <summary>The folder holding the volume (its parent is the temporary folder, where default backups go).</summary>
    public string Root { get; }

    public string Parent => _dir.Path;

    public string ConfigFolder { get; }

    public string SystemName { get; }

    public string SystemFile => Path.Combine(ConfigFolder, SystemName);

    public string SoftwareFile => Path.Combine(ConfigFolder, "SOFTWARE");

    /// <summary>A scratch folder for backups, outside the volume.</summary>
    public string Scratch(string name)
    {
        var path = Path.Combine(_dir.Path, name);
        return path;
    }

    /// <summary>Every file of the volume (hives and logs).</summary>
    public IEnumerable<string> Files => Directory.EnumerateFiles(ConfigFolder).Order(StringComparer.Ordinal);

    public static TestVolume WithSystem(string corpusSystem, bool lowerCase = false, params string[] corpusLogs)
    {
        var volume = new TestVolume(lowerCase);
        Corpus.CopyTo(volume.ConfigFolder, corpusSystem, volume.SystemName);
        string[] suffixes = lowerCase ? [".log1", ".log2"] : [".LOG1", ".LOG2"];
        for (int i = 0; i < corpusLogs.Length; i++)
        {
            Corpus.CopyTo(volume.ConfigFolder, corpusLogs[i], volume.SystemName + suffixes[i]);
        }

        return volume;
    }

    /// <summary>Adds a small SOFTWARE hive (made by our writer: no real SOFTWARE hive fits the corpus).</summary>
    public TestVolume WithSoftware()
    {
        File.WriteAllBytes(SoftwareFile, EmptyHive.Create("ROOT", timestamp: new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
        using var hive = Hive.Open(SoftwareFile, new HiveOpenOptions { Writable = true });
        hive.Root.CreateKey(@"Microsoft\Windows NT\CurrentVersion").SetValue("ProductName", RegistryValueType.String, RegistryData.String("Windows Server 2022 Datacenter"));
        hive.Root.CreateKey(@"Microsoft\SystemCertificates\Remote Desktop\Certificates\0123456789ABCDEF");
        hive.Commit();
        return this;
    }

    /// <summary>SHA-256 and last-write time of every file, to prove a run changed nothing.</summary>
    public IReadOnlyDictionary<string, (string Sha256, DateTime LastWrite)> Snapshot() =>
        Files.ToDictionary(f => Path.GetFileName(f), f => (Sha256(f), File.GetLastWriteTimeUtc(f)));

    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    public void Dispose() => _dir.Dispose();
}
