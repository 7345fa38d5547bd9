using OfflineRepair.Registry;
using OfflineRepair.Registry.Logs;
using OfflineRepair.Repairs.Execution;
using OfflineRepair.Targets;

namespace OfflineRepair.Cli.Hives;

/// <summary>Opens the hive file a command names, saying on stderr what was found when it matters.</summary>
internal static class HiveFile
{
    /// <summary>Separates a disk image from a path inside it: <c>disk.vhd::Windows/System32/config/SYSTEM</c>.</summary>
    public const string ImagePathSeparator = "::";

    public static Hive Open(string path, bool writable, CommandContext context)
    {
        int separator = path.IndexOf(ImagePathSeparator, StringComparison.Ordinal);
        if (separator > 0 && File.Exists(path[..separator]))
        {
            return OpenInImage(path[..separator], path[(separator + ImagePathSeparator.Length)..], writable, context);
        }

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
            using (context.SlowStep($"reading {path}"))
            {
                hive = Hive.Open(path, new HiveOpenOptions { Writable = writable, ForceDirty = context.ForceDirty });
            }
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

    /// <summary>
    /// A hive inside a disk image, read through the image target (the same routing as fix: Boot\BCD is
    /// the boot store wherever the disk keeps it), with its transaction logs beside it.
    /// </summary>
    private static Hive OpenInImage(string image, string inner, bool writable, CommandContext context)
    {
        if (writable)
        {
            throw new BadInputException($"{image}{ImagePathSeparator}{inner}: reg add/delete and bcd set write hive files, not disk images; nothing was written. On a disk image use fix, which backs up the files it changes and records every byte it overwrites so restore can put them back (or mount the disk and give the file).");
        }

        using var target = TargetOpener.Open(image);
        if (!target.FileExists(inner))
        {
            throw new BadInputException($"{inner} is not in {image}: give a path inside the Windows volume, e.g. {image}{ImagePathSeparator}Windows/System32/config/SYSTEM, or {image}{ImagePathSeparator}Boot/BCD for the boot store.");
        }

        var display = $"{image}{ImagePathSeparator}{inner}";
        using var notice = context.SlowStep($"reading {display}");
        var logs = HiveSet.FindLogs(target, inner).Select(log => new HiveLogFile(Path.GetFileName(log.Replace('\\', '/')), ReadAll(target, log))).ToList();
        try
        {
            var hive = Hive.Load(ReadAll(target, inner), display, logs, new HiveOpenOptions { ForceDirty = context.ForceDirty });
            context.Log.Debug("Opened {Hive} from {Location} (read-only)", display, target.Locate(inner));
            return hive;
        }
        catch (HiveFormatException format)
        {
            throw new BadInputException($"{display} is not a readable registry hive ({format.Message}).", format);
        }
    }

    private static byte[] ReadAll(ITarget target, string path)
    {
        using var stream = target.OpenRead(path);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
