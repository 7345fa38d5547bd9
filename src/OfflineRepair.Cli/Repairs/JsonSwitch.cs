using System.CommandLine;

namespace OfflineRepair.Cli.Repairs;

/// <summary>The --json switch of fix, restore, check and inspect.</summary>
internal static class JsonSwitch
{
    public static Option<bool> Create() => new("--json")
    {
        Description = "Print the result as one JSON document (schema 1, described in README.md) instead of tables.",
        Arity = ArgumentArity.Zero,
    };
}
