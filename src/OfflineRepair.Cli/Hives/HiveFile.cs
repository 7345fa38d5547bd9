using OfflineRepair.Registry;

namespace OfflineRepair.Cli.Hives;

/// <summary>Opens the hive file a command names, saying on stderr what was found when it matters.</summary>
internal static class HiveFile
{
    public static Hive Open(string path, bool writable, CommandContext context)
    {
        if (Directory.Exists(path))
        {
            throw new BadInputException($"{path} is a folder, not a hive file: name the hive itself, e.g. {Path.Combine(path, "SYSTEM")}.");
        }

        if (!File.Exists(path))
        {
            throw new BadInputException($"hive file {path} does not exist: check the path.");
        }

        Hive hive;
        try
        {
            hive = Hive.Open(path, new HiveOpenOptions { Writable = writable, ForceDirty = context.ForceDirty });
        }
        catch (HiveFormatException format)
        {
            throw new BadInputException($"{path} is not a readable registry hive ({format.Message}): either it is not a hive file (a .LOG, a disk image?) or it is damaged. Nothing was written.", format);
        }

        if (writable)
        {
            try
            {
                HiveReadCheck.Verify(hive, path, context);
            }
            catch
            {
                hive.Dispose();
                throw;
            }
        }

        context.Log.Debug("Opened {Hive} ({Access}): root key {Root}, sequence {Sequence}, {State}", path, writable ? "read-write" : "read-only", hive.RootName, hive.PrimarySequence, hive.State);
        switch (hive.State)
        {
            case HiveState.Replayed when hive.Recovery is { } recovery:
                context.Log.Information(
                    "{Hive} was dirty: replayed {Entries} transaction log entries from {Logs} in memory{Consequence}",
                    path,
                    recovery.EntriesApplied,
                    string.Join(", ", recovery.LogsApplied),
                    writable ? "; a change written now also writes the recovered hive" : "");
                break;
            case HiveState.ForcedDirty:
                context.Log.Warning("warning: {Hive} is dirty and was read as it is on disk (--force-dirty): changes that only reached its logs are missing", path);
                break;
        }

        return hive;
    }
}
