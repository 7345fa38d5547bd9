using System.Text.RegularExpressions;
using OfflineRepair.Registry;

namespace OfflineRepair.Targets;

/// <summary>
/// Turns the command line's TARGET (and --system / --software / --bcd) into a target: a folder is a
/// Windows volume root, a drive letter its root, a file a single hive or BCD store told by its
/// content. Anything else is a <see cref="TargetException"/> whose message says what was expected.
/// </summary>
public static partial class TargetOpener
{
    /// <param name="writable">Whether the caller may write (fix without --dry-run, restore): a disk image is then opened for writing when it can be. Folders and hive files are opened per file anyway.</param>
    public static ITarget Open(string target, string? systemFile = null, string? softwareFile = null, string? bcdFile = null, bool writable = false)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Length == 0)
        {
            throw new TargetException("TARGET is empty: give a drive letter, the folder where the Windows volume is mounted, a disk image, or a hive file");
        }

        CheckHiveOption("--system", systemFile, HiveFileKind.System);
        CheckHiveOption("--software", softwareFile, HiveFileKind.Software);
        CheckHiveOption("--bcd", bcdFile, HiveFileKind.Bcd);
        var files = new GivenFiles(systemFile, softwareFile, bcdFile);

        if (DriveLetter().IsMatch(target))
        {
            if (!OperatingSystem.IsWindows())
            {
                throw new TargetException(
                    $"{target} is a Windows drive letter, which only means something on Windows; here give the folder where the volume is mounted (e.g. /mnt/osdisk)");
            }

            return OpenFolder(target[..2] + @"\", files);
        }

        if (Directory.Exists(target))
        {
            return OpenFolder(target, files);
        }

        if (File.Exists(target))
        {
            if (Images.ImageTarget.LooksLikeImage(target))
            {
                if (!files.None)
                {
                    throw new TargetException($"{target} is a disk image: its hives and boot store are found inside it, so --system, --software and --bcd do not apply");
                }

                return Images.ImageTarget.Open(target, writable);
            }

            return OpenHiveFile(target, files);
        }

        throw new TargetException($"{target} does not exist: give a drive letter, the folder where the Windows volume is mounted, a disk image (.vhd, .vhdx, raw), or a hive file");
    }

    private static ITarget OpenFolder(string folder, GivenFiles files)
    {
        var volume = new FolderTarget(folder);
        if (files.None)
        {
            // A System Reserved partition holds only the boot store: it is a target for serial-console.
            if (!volume.FileExists(WindowsPaths.SystemHive) && !volume.FileExists(WindowsPaths.BcdStore))
            {
                throw new TargetException(
                    $"{volume.Root} has no {WindowsPaths.SystemHive} (nor {WindowsPaths.BcdStore}): give the root of the Windows volume (the folder holding Windows\\), a hive file, or --system FILE");
            }

            return volume;
        }

        return new VolumeWithHiveFilesTarget(volume, new HiveFilesTarget(files.System, files.Software, files.Bcd));
    }

    /// <summary>TARGET is a file: it takes the place its content says, beside the files the options give.</summary>
    private static ITarget OpenHiveFile(string file, GivenFiles files)
    {
        var kind = DetectOrExplain(file, "TARGET");
        var (option, given) = kind switch
        {
            HiveFileKind.System => ("--system", files.System),
            HiveFileKind.Software => ("--software", files.Software),
            HiveFileKind.Bcd => ("--bcd", files.Bcd),
            _ => throw new TargetException(
                $"{file} is a registry hive but neither SYSTEM (Select, ControlSet00N), SOFTWARE (Microsoft\\Windows NT\\CurrentVersion) nor BCD (Objects, Description): give the SYSTEM or SOFTWARE hive or the BCD store of the broken Windows"),
        };
        if (given is not null && !SameFile(given, file))
        {
            throw new TargetException($"{file} is a {Name(kind)} hive and {option} names another ({given}): give only one");
        }

        return new HiveFilesTarget(
            kind == HiveFileKind.System ? file : files.System,
            kind == HiveFileKind.Software ? file : files.Software,
            kind == HiveFileKind.Bcd ? file : files.Bcd);
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
            throw new TargetException($"{what} {file} is not a readable registry hive ({e.Message}): give a drive letter, the folder where the Windows volume is mounted, a SYSTEM or SOFTWARE hive file, or a BCD store", e);
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

    /// <summary>The files --system, --software and --bcd name (null when not given).</summary>
    private sealed record GivenFiles(string? System, string? Software, string? Bcd)
    {
        public bool None => System is null && Software is null && Bcd is null;
    }

    [GeneratedRegex(@"^[A-Za-z]:\\?$", RegexOptions.CultureInvariant)]
    private static partial Regex DriveLetter();
}
