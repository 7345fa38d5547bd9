namespace OfflineRepair.Cli.Reg;

/// <summary>The help texts the reg commands share.</summary>
internal static class RegHelpText
{
    public const string KeyArgument =
        @"Key path below the hive's root. May start with HKLM\NAME\ (any NAME, as after 'reg load'), the hive's root key name, its file name, or a standard hive name such as SYSTEM; see 'offline-repair reg --help'.";

    public const string HiveArgument = "The hive file (SYSTEM, SOFTWARE, BCD ...). Its .LOG1/.LOG2/.LOG beside it are replayed when it is dirty.";

    public const string KeyRule =
        "How KEY is read. A hive file has no HKLM\\NAME above it, so KEY may start with the prefix it would have after 'reg load':\n" +
        "  HKLM\\NAME\\... or HKU\\NAME\\...   NAME is the mount name, any name: HKLM\\SYSTEM\\Select and HKLM\\OFFLINE\\Select\n" +
        "                                  both mean Select below the hive's root; but when NAME is not a known name (below) and\n" +
        "                                  NAME\\... exists below the root, that key is meant (HKLM\\ControlSet001 = ControlSet001).\n" +
        "  HKCU\\... HKCR\\... HKCC\\...        the rest is below the hive's root.\n" +
        "  anything else                   the path as written is below the hive's root; if no such key exists and its first name is\n" +
        "                                  the hive's root key name (ROOT, CMI-CreateHive{...}, NewStoreRoot), the hive's file name,\n" +
        "                                  or a standard hive name (SYSTEM, SOFTWARE, SAM, SECURITY, DEFAULT, COMPONENTS, DRIVERS,\n" +
        "                                  ELAM, BCD00000000), the rest below the root is meant: SYSTEM\\Select = Select.\n" +
        "  reg add, which may create the key, takes the reading under which more of the path exists; on a tie, the one without the prefix.\n" +
        "Output shows keys as HKEY_LOCAL_MACHINE\\NAME\\..., with NAME as typed, or the hive's root key name when none was typed.";
}
