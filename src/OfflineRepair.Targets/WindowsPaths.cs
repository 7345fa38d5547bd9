namespace OfflineRepair.Targets;

/// <summary>Where Windows keeps the files the repairs read and write, relative to the volume root.</summary>
public static class WindowsPaths
{
    public const string ConfigFolder = @"Windows\System32\config";
    public const string SystemHive = ConfigFolder + @"\SYSTEM";
    public const string SoftwareHive = ConfigFolder + @"\SOFTWARE";

    /// <summary>
    /// The BCD store of a BIOS (Gen1) boot: on the System Reserved partition, or on the Windows volume
    /// when it is the only one. A UEFI (Gen2) store is on the EFI System Partition instead (--bcd).
    /// </summary>
    public const string BcdStore = @"Boot\BCD";

    public const string MachineKeysFolder = @"ProgramData\Microsoft\Crypto\RSA\MachineKeys";

    /// <summary>The suffixes of a hive's transaction logs, in the order Windows uses them.</summary>
    public static readonly IReadOnlyList<string> LogSuffixes = [".LOG1", ".LOG2", ".LOG"];
}
