using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using OfflineRepair.Cli.Reg;
using OfflineRepair.Cli.Repairs;

namespace OfflineRepair.Cli;

/// <summary>The <c>offline-repair</c> command line: builds the commands, parses, runs one.</summary>
public static class OfflineRepairCli
{
    /// <summary>
    /// Runs one command line in-process: results to <paramref name="stdout"/>, logs and errors to
    /// <paramref name="stderr"/>. Returns the exit code (0 success, 1 check found work to do, 2 bad input or refusal, 3 internal error).
    /// </summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        var globals = new GlobalOptions();
        var runner = new CommandRunner(globals, stdout, stderr);
        var root = BuildRootCommand(globals, runner);

        // Registry data often starts with '@' ("@%SystemRoot%\system32\x.dll,-100"): no response files.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            stderr.WriteLine(ErrorReport.OneLine(
                $"error: {string.Join(" ", parse.Errors.Select(e => e.Message))} See '{CommandPath(parse.CommandResult)} --help'."));
            return ExitCode.BadInput;
        }

        return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
    }

    internal static RootCommand BuildRootCommand(GlobalOptions globals, CommandRunner runner)
    {
        var root = new RootCommand("Repairs a broken Windows VM's disk offline: registry hives, boot store and file permissions, with no Windows and no 'reg load'.");
        foreach (var option in root.Options)
        {
            if (option is HelpOption)
            {
                option.Aliases.Add("/?");
            }
            else if (option is VersionOption version)
            {
                version.Action = new BuildVersion.PrintAction();
            }
        }

        globals.AddTo(root);
        root.Subcommands.Add(new DiagnoseCommand(runner));
        root.Subcommands.Add(new InspectCommand(runner));
        root.Subcommands.Add(new FixCommand(runner));
        root.Subcommands.Add(new RestoreCommand(runner));
        root.Subcommands.Add(new CheckCommand(runner));
        root.Subcommands.Add(RegCommand.Create(runner));
        root.Subcommands.Add(Bcd.BcdCommand.Create(runner));
        return root;
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? at = result; at is not null; at = at.Parent)
        {
            if (at is CommandResult command)
            {
                names.Add(command.Command is RootCommand ? "offline-repair" : command.Command.Name);
            }
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
