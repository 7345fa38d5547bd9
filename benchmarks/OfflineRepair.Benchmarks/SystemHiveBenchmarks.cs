using BenchmarkDotNet.Attributes;
using OfflineRepair.Registry;

namespace OfflineRepair.Benchmarks;

/// <summary>
/// The hive engine on a real 12 MB SYSTEM hive (corpus/regipy/SYSTEM.xz: about 30,800 keys and
/// 73,500 values): load it from bytes, walk it all, find one deep key.
/// </summary>
[MemoryDiagnoser]
public class SystemHiveBenchmarks
{
    /// <summary>A key 10 levels down (9 backslashes), spelled with other letter cases than stored to exercise Windows' name comparison.</summary>
    public const string DeepKey =
        @"ControlSet001\Control\NetDiagFx\Microsoft\HostDLLs\Wireless LAN Helper Class\HelperClasses\" +
        @"AutoConfig Helper Class\RootCauses\{ec693c54-29ed-4936-9449-0c364c85928b}";

    private byte[] _file = [];
    private Hive? _hive;

    [GlobalSetup]
    public void Setup()
    {
        var path = CorpusFile.UnpackXz(Path.Combine("regipy", "SYSTEM.xz"));
        try
        {
            _file = File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }

        _hive = Hive.Load(_file, "SYSTEM");
        if (_hive.OpenKey(DeepKey) is null)
        {
            throw new InvalidOperationException($"the benchmark's deep key is not in corpus/regipy/SYSTEM: {DeepKey}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _hive?.Dispose();

    /// <summary>Hive.Load: copy, check the base block, map the bins, read the root.</summary>
    [Benchmark]
    public string Open()
    {
        using var hive = Hive.Load(_file, "SYSTEM");
        return hive.RootName;
    }

    /// <summary>Every key (EnumerateTree) and every value with its data (GetValues).</summary>
    [Benchmark]
    public long WalkAllKeysAndValues()
    {
        long total = 0;
        foreach (var key in _hive!.EnumerateTree())
        {
            foreach (var value in key.GetValues())
            {
                total += value.Data.Length + value.Name.Length;
            }

            total++;
        }

        return total;
    }

    /// <summary>OpenKey on a 10-level path: one subkey-list search per level.</summary>
    [Benchmark]
    public RegistryKey? LookupDeepKey() => _hive!.OpenKey(DeepKey);
}
