using OfflineRepair.Registry;

namespace OfflineRepair.Cli.Hives;

/// <summary>
/// Writes a command's edits: backup first (unless declined), then the engine's commit, which writes
/// only the changed pages and the base block. Says on stderr where the backup is and what was written.
/// </summary>
internal static class HiveSave
{
    public static CommitResult Commit(Hive hive, string hivePath, BackupChoice backup, CommandContext context)
    {
        if (backup.Enabled)
        {
            var copies = HiveBackup.Create(hivePath, backup.Directory, DateTime.Now);
            context.Log.Information("Backup: {Copies}", string.Join(", ", copies));
        }
        else
        {
            context.Log.Debug("No backup (--no-backup)");
        }

        var result = hive.Commit();
        context.Log.Information(
            "Wrote {Hive}: {Pages} page(s) of 4 KiB, base block included ({Bytes} bytes written in all), sequence number {Sequence}",
            hivePath,
            result.PagesWritten,
            result.BytesWritten,
            result.Sequence);
        return result;
    }
}
