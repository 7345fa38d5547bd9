using System.CommandLine;
using OfflineRepair.Cli.Hives;

namespace OfflineRepair.Cli.Reg;

/// <summary><c>reg query HIVE [KEY] [/v NAME | /ve] [/s]</c>: prints keys and values as reg.exe does.</summary>
internal sealed class RegQueryCommand : Command
{
    private readonly Argument<string> _hive = RegArguments.Hive();

    private readonly Argument<string> _key = new("KEY")
    {
        Description = RegHelpText.KeyArgument + " Absent: the hive's root key.",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => "",
    };

    private readonly Option<string?> _value = RegSwitches.ValueName("Show only this value (in every key below with /s).");
    private readonly Option<bool> _defaultValue = RegSwitches.DefaultValue("Show only the default value, (Default).");
    private readonly Option<bool> _recurse = RegSwitches.Recurse("Also every key below, with its values.");

    public RegQueryCommand(CommandRunner runner)
        : base("query", Help)
    {
        Arguments.Add(_hive);
        Arguments.Add(_key);
        Options.Add(_value);
        Options.Add(_defaultValue);
        Options.Add(_recurse);
        Validators.Add(result =>
        {
            if (result.GetValue(_value) is not null && result.GetValue(_defaultValue))
            {
                result.AddError("/v NAME and /ve each choose the value to show: give one of them.");
            }
        });
        SetAction(parse => runner.Run(parse, context => Execute(parse, context)));
    }

    private const string Help =
        "Prints a key's values and subkeys (or one value) the way reg.exe's 'reg query' does; nothing is written.\n" +
        "Values show as: four spaces, name, four spaces, type, four spaces, data. A value that is not found is an error (exit 2).\n\n" +
        "Examples:\n" +
        "  offline-repair reg query SYSTEM HKLM\\SYSTEM\\Select\n" +
        "  offline-repair reg query SYSTEM ControlSet001\\Control\\CrashControl /v CrashDumpEnabled\n" +
        "  offline-repair reg query BCD Objects /s";

    private int Execute(ParseResult parse, CommandContext context)
    {
        var hivePath = parse.GetValue(_hive)!;
        string? valueName = parse.GetValue(_defaultValue) ? "" : parse.GetValue(_value);
        bool recurse = parse.GetValue(_recurse);

        using var hive = HiveFile.Open(hivePath, writable: false, context);
        var resolver = new KeyPathResolver(hive, hivePath);
        var keyArgument = parse.GetValue(_key) ?? "";
        var target = keyArgument.Length == 0 ? resolver.Root : resolver.Find(keyArgument);
        var key = target.ExistingKey;

        // Printed into memory first, so that a damaged key found half-way leaves stdout empty.
        var text = new StringWriter { NewLine = context.Output.NewLine };
        var printer = new RegQueryPrinter(text, target.DisplayRoot);
        if (valueName is null)
        {
            printer.PrintKey(key, recurse);
        }
        else if (printer.PrintValue(key, valueName, recurse) == 0 && !recurse && valueName.Length > 0)
        {
            throw new BadInputException($"value '{valueName}' does not exist in {target.DisplayPath}. List its values with: offline-repair reg query {hivePath} \"{keyArgument}\"");
        }

        context.Output.Write(text.ToString());
        return ExitCode.Success;
    }
}
