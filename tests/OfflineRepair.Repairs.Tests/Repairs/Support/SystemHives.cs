using OfflineRepair.Registry;
using OfflineRepair.TestSupport;

namespace OfflineRepair.Repairs.Tests.Repairs.Support;

/// <summary>Writable copies of the corpus SYSTEM hives, in a test's own folder.</summary>
internal static class SystemHives
{
    /// <summary>regipy SYSTEM: Select Current=1 Default=1 LastKnownGood=2, ControlSet001 and 002.</summary>
    public const string Regipy = "regipy";

    /// <summary>winevt-kb SYSTEM (Windows XP era): Current=1 LastKnownGood=3, no ControlSet002, no gpsvc, no firewall rules.</summary>
    public const string Winevt = "winevt";

    /// <summary>regipy SYSTEM_B: a dirty Windows 10 hive replayed from SYSTEM_B.LOG1/LOG2 when opened.</summary>
    public const string DirtyWithLogs = "system_b";

    public static TheoryData<string> All => new(Regipy, Winevt, DirtyWithLogs);

    /// <summary>Copies the named hive (and its logs) into the folder; returns the hive file's path.</summary>
    public static string Copy(TemporaryDirectory folder, string which)
    {
        switch (which)
        {
            case Regipy:
                return Corpus.CopyTo(folder.Path, "regipy/SYSTEM.xz", "SYSTEM");
            case Winevt:
                return Corpus.CopyTo(folder.Path, "winevt-kb/SYSTEM", "SYSTEM");
            case DirtyWithLogs:
                Corpus.CopyTo(folder.Path, "regipy/SYSTEM_B.LOG1.xz", "SYSTEM_B.LOG1");
                Corpus.CopyTo(folder.Path, "regipy/SYSTEM_B.LOG2.xz", "SYSTEM_B.LOG2");
                return Corpus.CopyTo(folder.Path, "regipy/SYSTEM_B.xz", "SYSTEM_B");
            default:
                throw new ArgumentOutOfRangeException(nameof(which), which, "unknown corpus hive");
        }
    }

    public static Hive OpenWritable(string path) => Hive.Open(path, new HiveOpenOptions { Writable = true });
}
