using System.CommandLine;

namespace OfflineRepair.Cli.Reg;

/// <summary>The positional arguments the reg commands share.</summary>
internal static class RegArguments
{
    public static Argument<string> Hive() => new("HIVE") { Description = RegHelpText.HiveArgument };

    public static Argument<string> Key() => new("KEY") { Description = RegHelpText.KeyArgument };
}
