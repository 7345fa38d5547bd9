using System.Diagnostics;
using OfflineRepair.Registry;
using OfflineRepair.Registry.Export;

namespace OfflineRepair.Cli.Hives;

/// <summary>
/// Reads every key and value of a hive before a command writes to it. The engine checks cells as it
/// reaches them, so a hive damaged far from the key being edited would otherwise be written to;
/// a repair tool refuses rather than risk that (DESIGN: "refuse rather than risk").
/// </summary>
internal static class HiveReadCheck
{
    public static void Verify(Hive hive, string path, CommandContext context)
    {
        var clock = Stopwatch.StartNew();
        int keys = 0;
        try
        {
            foreach (var key in hive.Root.EnumerateTree())
            {
                _ = key.GetValues();
                _ = key.ClassName;
                keys++;
            }
        }
        catch (HiveFormatException damage)
        {
            throw new BadInputException(
                $"{path} is damaged ({damage.Message}), so nothing is written to it. Copy out what is readable with 'offline-repair reg export', or restore a backup.",
                damage);
        }

        context.Log.Debug("Read all {Keys} keys of {Hive} before writing ({Milliseconds} ms)", keys, path, clock.ElapsedMilliseconds);
    }
}
