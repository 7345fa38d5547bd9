using System.CommandLine;

namespace OfflineRepair.Cli.Bcd;

/// <summary>The positional arguments the bcd commands share.</summary>
internal static class BcdArguments
{
    public static Argument<string> Store() => new("STORE")
    {
        Description = "The BCD store file (like bcdedit /store). Its .LOG1/.LOG2/.LOG beside it are replayed when it is dirty.",
    };

    public const string IdentifierHelp =
        "A GUID ({9dea862c-5cdd-4e70-acc1-f32b344d4795}), {default} (the loader {bootmgr}'s default names), or an alias: " +
        "{bootmgr}, {fwbootmgr}, {emssettings}, {globalsettings}, {dbgsettings}, {bootloadersettings}, {hypervisorsettings}, " +
        "{resumeloadersettings}, {badmemory}, {memdiag}, {ntldr}, {ramdiskoptions}. {current} is refused: offline there is no running system.";
}
