using System.CommandLine;

namespace OfflineRepair.Cli.Bcd;

/// <summary><c>bcd</c>: bcdedit's /enum and /set on a store file (bcdedit /store), with no Windows.</summary>
internal static class BcdCommand
{
    public static Command Create(CommandRunner runner)
    {
        var bcd = new Command("bcd", Help);
        bcd.Subcommands.Add(new BcdEnumCommand(runner));
        bcd.Subcommands.Add(new BcdSetCommand(runner));
        return bcd;
    }

    private const string Help =
        "bcdedit's /enum and /set on a boot configuration store file (\\Boot\\BCD or \\EFI\\Microsoft\\Boot\\BCD), offline:\n" +
        "the same words ({bootmgr}, {default}, displaybootmenu, timeout, ems ...) and the same output.\n\n" +
        "Examples:\n" +
        "  offline-repair bcd enum BCD all\n" +
        "  offline-repair bcd set BCD {default} ems on";
}
