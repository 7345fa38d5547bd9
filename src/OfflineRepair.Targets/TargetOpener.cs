using System.Text.RegularExpressions;
using OfflineRepair.Registry;

namespace OfflineRepair.Targets;

/// <summary>
/// Turns the command line's TARGET (and --system / --software) into a target: a folder is a Windows
/// volume root, a drive letter its root, a file a single hive told by its content. Anything else is
/// a <see cref="TargetException"/> whose message says what was expected.
/// </summary>
public static partial class TargetOpener
{
    public static ITarget Open(string target, string? systemFile = null, string? softwareFile = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Length == 0)
        {
            throw new TargetException("TARGET is empty: give a drive letter, the folder where the Windows volume is mounted, or a hive file");
        }

        CheckHiveOption("--system", systemFile, HiveFileKind.System);
        CheckHiveOption("--software", softwareFile, HiveFileKind.Software);

        if (DriveLetter().IsMatch(target))
        {
            if (!OperatingSystem.IsWindows())
            {
                throw new TargetException(
                    $"{target} is a Windows drive letter, which only means something on Windows; here give the folder where the volume is mounted (e.g. /mnt/osdisk)");
            }

            return OpenFolder(target[..2] + @"\", systemFile, softwareFile);
        }

        if (Directory.Exists(target))
        {
            return OpenFolder(target, systemFile, softwareFile);
        }

        if (File.Exists(target))
        {
            return OpenHiveFile(target, systemFile, softwareFile);
        }

        throw new TargetException($"{target} does not exist: give a drive letter, the folder where the Windows volume is mounted, or a hive file");
    }

    private static ITarget OpenFolder(string folder, string? systemFile, string? softwareFile)
    {
        var volume = new FolderTarget(folder);
        if (systemFile is null && softwareFile is null)
        {
            if (!volume.FileExists(WindowsPaths.SystemHive))
            {
                throw new TargetException(
                    $"{volume.Root} has no {WindowsPaths.SystemHive}: give the root of the Windows volume (the folder holding Windows\\), a hive file, or --system FILE");
            }

            return volume;
        }

        return new VolumeWithHiveFilesTarget(volume, new HiveFilesTarget(systemFile, softwareFile));
    }

    private static ITarget OpenHiveFile(string file, string? systemFile, string? softwareFile)
    {
        var kind = DetectOrExplain(file, "TARGET");
        switch (kind)
        {
            case HiveFileKind.System:
                if (systemFile is not null && !SameFile(systemFile, file))
                {
                    throw new TargetException($"{file} is a SYSTEM hive and --system names another ({systemFile}): give only one");
                }

                return new HiveFilesTarget(file, softwareFile);
            case HiveFileKind.Software:
                if (softwareFile is not null && !SameFile(softwareFile, file))
                {
                    throw new TargetException($"{file} is a SOFTWARE hive and --software names another ({softwareFile}): give only one");
                }

                return new HiveFilesTarget(systemFile, file);
            case HiveFileKind.Bcd:
                throw new TargetException(
                    $"{file} is a BCD store; BCD stores are handled by the serial-console repair, coming later: for now give the Windows volume or its SYSTEM/SOFTWARE hive");
            default:
                throw new TargetException(
                    $"{file} is a registry hive but neither SYSTEM (Select, ControlSet00N), SOFTWARE (Microsoft\\Windows NT\\CurrentVersion) nor BCD (Objects, Description): give the SYSTEM or SOFTWARE hive of the broken Windows");
        }
    }

    /// <summary>An option's file must exist and, when its content is recognizable, be the hive it claims to be.</summary>
    private static void CheckHiveOption(string option, string? file, HiveFileKind expected)
    {
        if (file is null)
        {
            return;
        }

        if (!File.Exists(file))
        {
            throw new TargetException($"{option} {file}: no such file");
        }

        HiveFileKind kind;
        try
        {
            kind = HiveContent.DetectFile(file);
        }
        catch (HiveFormatException)
        {
            // A damaged hive is still what the user says it is: opening it later reports the damage in full.
            return;
        }

        if (kind != expected && kind != HiveFileKind.Unknown)
        {
            throw new TargetException($"{option} {file} is a {Name(kind)} hive, not a {Name(expected)} hive");
        }
    }

    private static HiveFileKind DetectOrExplain(string file, string what)
    {
        try
        {
            return HiveContent.DetectFile(file);
        }
        catch (HiveFormatException e)
        {
            throw new TargetException($"{what} {file} is not a readable registry hive ({e.Message}): give a drive letter, the folder where the Windows volume is mounted, or a SYSTEM or SOFTWARE hive file", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TargetException($"{what} {file} cannot be read: {e.Message}", e);
        }
    }

    private static string Name(HiveFileKind kind) => kind switch
    {
        HiveFileKind.System => "SYSTEM",
        HiveFileKind.Software => "SOFTWARE",
        HiveFileKind.Bcd => "BCD",
        _ => "unrecognized",
    };

    private static bool SameFile(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    [GeneratedRegex(@"^[A-Za-z]:\\?$", RegexOptions.CultureInvariant)]
    private static partial Regex DriveLetter();
}
