using System.CommandLine;

namespace OfflineRepair.Cli.Reg;

/// <summary><c>reg</c>: reg.exe's query, add, delete and export, on a hive file, with no 'reg load'.</summary>
internal static class RegCommand
{
    public static Command Create(CommandRunner runner)
    {
        var reg = new Command("reg", Help);
        reg.Subcommands.Add(new RegQueryCommand(runner));
        reg.Subcommands.Add(new RegAddCommand(runner));
        reg.Subcommands.Add(new RegDeleteCommand(runner));
        reg.Subcommands.Add(new RegExportCommand(runner));
        return reg;
    }

    private const string Help =
        "reg.exe's query, add, delete and export on a hive file, with no 'reg load': the same switches (/v /ve /va /t /d /s /f)\n" +
        "and the same output. Changes are written in place (only the changed pages), after a backup copy of the hive.\n\n" +
        RegHelpText.KeyRule + "\n\n" +
        "Examples:\n" +
        "  offline-repair reg query SYSTEM HKLM\\SYSTEM\\Select\n" +
        "  offline-repair reg add SYSTEM ControlSet001\\Control\\CrashControl /v CrashDumpEnabled /t REG_DWORD /d 1 /f";
}
