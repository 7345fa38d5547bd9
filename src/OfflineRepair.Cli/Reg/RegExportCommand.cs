using System.CommandLine;
using System.Text;
using OfflineRepair.Cli.Hives;
using OfflineRepair.Registry.Export;

namespace OfflineRepair.Cli.Reg;

/// <summary>
/// <c>reg export HIVE [KEY] FILE|- [/y]</c>: writes the key (or the whole hive) as regedit's
/// "Windows Registry Editor Version 5.00" file: UTF-16LE with a BOM into FILE, UTF-8 without a BOM to stdout for "-".
/// </summary>
internal sealed class RegExportCommand : Command
{
    private const string StandardOutput = "-";

    private readonly Argument<string> _hive = RegArguments.Hive();

    private readonly Argument<string[]> _keyAndFile = new("[KEY] FILE")
    {
        Description = "The key to export (absent: the whole hive; " + RegHelpText.KeyArgument + ") and the .reg file to write, or - for stdout.",
        Arity = new ArgumentArity(1, 2),
    };

    private readonly Option<bool> _overwrite = RegSwitches.OverwriteFile("Replace FILE when it exists (reg.exe would ask; offline, without /y the command refuses).");

    public RegExportCommand(CommandRunner runner)
        : base("export", Help)
    {
        Arguments.Add(_hive);
        Arguments.Add(_keyAndFile);
        Options.Add(_overwrite);
        SetAction(parse => runner.Run(parse, context => Execute(parse, context)));
    }

    private const string Help =
        "Writes a key and everything below it (the whole hive when KEY is absent) as a .reg file laid out exactly as regedit\n" +
        "exports it. Keys show as [HKEY_LOCAL_MACHINE\\NAME\\...] where NAME is the mount name KEY starts with, or the hive's\n" +
        "root key name: export with KEY HKLM\\SYSTEM to get a file that imports into HKLM\\SYSTEM. Every value keeps its exact\n" +
        "type and bytes (a REG_SZ that is not plain text is written as hex(1):). The hive is only read.\n\n" +
        "Examples:\n" +
        "  offline-repair reg export SYSTEM HKLM\\SYSTEM\\Select select.reg\n" +
        "  offline-repair reg export BCD - | less";

    private int Execute(ParseResult parse, CommandContext context)
    {
        var hivePath = parse.GetValue(_hive)!;
        var keyAndFile = parse.GetValue(_keyAndFile)!;
        string? keyArgument = keyAndFile.Length == 2 ? keyAndFile[0] : null;
        string file = keyAndFile[^1];

        if (file != StandardOutput)
        {
            if (string.Equals(Path.GetFullPath(file), Path.GetFullPath(hivePath), StringComparison.Ordinal))
            {
                throw new BadInputException($"{file} is the hive itself: choose another file for the export.");
            }

            if (File.Exists(file) && !parse.GetValue(_overwrite))
            {
                throw new BadInputException($"{file} exists. reg.exe would ask; offline there is no prompt: add /y to replace it, or choose another file.");
            }
        }

        using var hive = HiveFile.Open(hivePath, writable: false, context);
        var resolver = new KeyPathResolver(hive, hivePath);
        var target = keyArgument is null ? resolver.Root : resolver.Find(keyArgument);

        var summary = file == StandardOutput
            ? RegFileWriter.Export(target.ExistingKey, context.Output, target.DisplayRoot)
            : ExportToFile(target, file);
        context.Log.Information(
            "Exported {Keys} key(s) and {Values} value(s) from {Key} to {File}",
            summary.Keys,
            summary.Values,
            target.DisplayPath,
            file == StandardOutput ? "stdout" : file);
        return ExitCode.Success;
    }

    /// <summary>Writes beside the target and renames at the end, so a failure leaves no half-written FILE.</summary>
    private static RegExportSummary ExportToFile(ResolvedKey target, string file)
    {
        var partial = file + ".partial";
        try
        {
            RegExportSummary summary;
            using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            using (var writer = new StreamWriter(stream, RegFileWriter.FileEncoding, bufferSize: 1 << 16))
            {
                summary = RegFileWriter.Export(target.ExistingKey, writer, target.DisplayRoot);
            }

            File.Move(partial, file, overwrite: true);
            return summary;
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }
}
