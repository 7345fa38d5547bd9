using System.CommandLine;

namespace OfflineRepair.Cli.Reg;

/// <summary>
/// reg.exe's switches (/v, /ve, /va, /t, /d, /s, /f, /y), in either letter case as reg.exe takes
/// them, each with a long name for scripts. None is spelled -v: that is --verbose.
/// </summary>
internal static class RegSwitches
{
    public static Option<string?> ValueName(string description) => new("/v", "/V", "--value")
    {
        Description = description,
        HelpName = "NAME",
    };

    public static Option<bool> DefaultValue(string description) => Flag(description, "/ve", "/VE", "--default-value");

    public static Option<bool> AllValues(string description) => Flag(description, "/va", "/VA", "--all-values");

    public static Option<string?> Type() => new("/t", "/T", "--type")
    {
        Description = $"Value type: {string.Join(", ", RegValueData.AddableTypeNames)} (default REG_SZ).",
        HelpName = "TYPE",
    };

    public static Option<string?> Data() => new("/d", "/D", "--data")
    {
        Description = "Value data: text for REG_SZ, REG_EXPAND_SZ and REG_NONE (stored as text, as reg.exe does); "
            + "a number for REG_DWORD/REG_QWORD (decimal, or hex with 0x); hex digits for REG_BINARY (0102ff); "
            + @"strings separated by \0 for REG_MULTI_SZ (or by the /s character).",
        HelpName = "DATA",
    };

    public static Option<string?> Separator() => new("/s", "/S", "--separator")
    {
        Description = @"REG_MULTI_SZ only: the one character that separates the strings in /d, instead of \0.",
        HelpName = "CHAR",
    };

    public static Option<bool> Recurse(string description) => Flag(description, "/s", "/S", "--recurse");

    public static Option<bool> Force(string description) => Flag(description, "/f", "/F", "--force");

    public static Option<bool> OverwriteFile(string description) => Flag(description, "/y", "/Y", "--overwrite");

    /// <summary>An on/off switch that never takes a value, so the token after it stays an argument.</summary>
    private static Option<bool> Flag(string description, string name, params string[] aliases) => new(name, aliases)
    {
        Description = description,
        Arity = ArgumentArity.Zero,
    };
}
