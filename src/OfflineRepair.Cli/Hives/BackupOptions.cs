using System.CommandLine;

namespace OfflineRepair.Cli.Hives;

/// <summary>The options of commands that write a hive: where the backup goes, or none.</summary>
internal sealed class BackupOptions
{
    public Option<bool> NoBackup { get; } = new("--no-backup")
    {
        Description = "Do not copy the hive (and its .LOG1/.LOG2/.LOG) to HIVE.yyyyMMdd-HHmmss.bak before writing.",
        Arity = ArgumentArity.Zero,
    };

    public Option<string?> BackupDirectory { get; } = new("--backup-dir")
    {
        Description = "Put the backup copies in this folder instead of beside the hive.",
        HelpName = "DIR",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(NoBackup);
        command.Options.Add(BackupDirectory);
        command.Validators.Add(result =>
        {
            if (result.GetValue(NoBackup) && result.GetValue(BackupDirectory) is not null)
            {
                result.AddError("--no-backup and --backup-dir contradict each other: choose one.");
            }
        });
    }

    public BackupChoice Read(ParseResult parse) =>
        new(!parse.GetValue(NoBackup), parse.GetValue(BackupDirectory));
}
