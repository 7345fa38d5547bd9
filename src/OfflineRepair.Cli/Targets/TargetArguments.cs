using System.CommandLine;
using OfflineRepair.Targets;

namespace OfflineRepair.Cli.Targets;

/// <summary>
/// TARGET and the hive files that may stand beside it: a Windows volume (drive letter, mounted
/// folder) or a hive file, plus --system FILE / --software FILE / --bcd FILE for hives given one by one.
/// </summary>
internal sealed class TargetArguments
{
    public const string TargetHelp =
        "A Windows volume (drive letter F:, mounted folder /mnt/osdisk: its Windows\\System32\\config hives are used) " +
        "a disk image or block device (.img, .vhd, .vhdx, /dev/sdc: the Windows volume and boot store are found inside it), " +
        "or a single hive file (SYSTEM, SOFTWARE or a BCD store: only the repairs that file serves run).";

    public Argument<string> Target { get; } = new("TARGET") { Description = TargetHelp };

    public Option<string?> SystemFile { get; } = new("--system")
    {
        Description = "Use this SYSTEM hive file (instead of the volume's, or beside a SOFTWARE hive TARGET).",
        HelpName = "FILE",
    };

    public Option<string?> SoftwareFile { get; } = new("--software")
    {
        Description = "Use this SOFTWARE hive file (instead of the volume's, or beside a SYSTEM hive TARGET).",
        HelpName = "FILE",
    };

    public Option<string?> BcdFile { get; } = new("--bcd")
    {
        Description = "Use this BCD store (default: the volume's Boot\\BCD). On Azure it is on another partition: Gen1 the System Reserved " +
            "partition's \\Boot\\BCD, Gen2 the EFI System Partition's \\EFI\\Microsoft\\Boot\\BCD (assign it a letter, e.g. S:\\EFI\\Microsoft\\Boot\\BCD).",
        HelpName = "FILE",
    };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Target);
        command.Options.Add(SystemFile);
        command.Options.Add(SoftwareFile);
        command.Options.Add(BcdFile);
    }

    public string TargetPath(ParseResult parse) => parse.GetValue(Target)!;

    /// <summary>Opens TARGET (with --system / --software / --bcd when given) through the Targets library.</summary>
    public ITarget Open(ParseResult parse, CommandContext context, bool writable = false)
    {
        var target = TargetOpener.Open(
            TargetPath(parse),
            parse.GetValue(SystemFile),
            parse.GetValue(SoftwareFile),
            parse.GetValue(BcdFile),
            writable);
        context.Log.Debug("Target: {Target}", target.Description);
        return target;
    }

    /// <summary>The command that undoes a fix: restore on the same TARGET (and hive files) from the backup folder.</summary>
    public string RestoreCommand(ParseResult parse, string backupDirectory)
    {
        var words = new List<string> { "offline-repair", "restore", Quote(TargetPath(parse)) };
        if (parse.GetValue(SystemFile) is { } system)
        {
            words.AddRange(["--system", Quote(system)]);
        }

        if (parse.GetValue(SoftwareFile) is { } software)
        {
            words.AddRange(["--software", Quote(software)]);
        }

        if (parse.GetValue(BcdFile) is { } bcd)
        {
            words.AddRange(["--bcd", Quote(bcd)]);
        }

        words.AddRange(["--from", Quote(backupDirectory)]);
        return string.Join(' ', words);
    }

    /// <summary>Quotes a word for a shell when it needs it (spaces, quotes, $ and the like).</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/\\:._-+=@%,".Contains(c))
            ? word
            : "\"" + word.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
