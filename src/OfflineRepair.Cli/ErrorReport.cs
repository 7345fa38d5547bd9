using OfflineRepair.Bcd;
using OfflineRepair.Containers;
using OfflineRepair.Fat;
using OfflineRepair.Ntfs;
using OfflineRepair.Partitions;
using OfflineRepair.Registry;
using OfflineRepair.Repairs.Execution;
using OfflineRepair.Repairs.Planning;
using OfflineRepair.Targets;

namespace OfflineRepair.Cli;

/// <summary>Turns an exception into the exit code and the one line the user reads.</summary>
internal static class ErrorReport
{
    public static int ExitCodeFor(Exception error) => IsBadInput(error) ? ExitCode.BadInput : ExitCode.InternalError;

    /// <summary>
    /// Failures of the input or of the machine, that the user can act on (exit 2). A fix that failed
    /// after its backup began is judged by its cause (a changed or unwritable file is the machine's,
    /// anything else is ours); its message already says what was written and how to restore.
    /// </summary>
    public static bool IsBadInput(Exception error) => error is
        BadInputException or
        TargetException or
        OperationRefusedException or
        ManifestFormatException or
        RepairException or
        BcdException or
        HiveFormatException or
        ContainerFormatException or
        PartitionTableException or
        NtfsFormatException or
        FatFormatException or
        DirtyHiveException or
        FileNotFoundException or
        DirectoryNotFoundException or
        UnauthorizedAccessException or
        IOException ||
        (error is FixFailedException { InnerException: { } cause } && IsBadInput(cause));

    /// <summary>One line: what is wrong and, where it helps, what to do next.</summary>
    public static string Describe(Exception error)
    {
        string message = error switch
        {
            BadInputException bad => bad.Message,
            TargetException target => target.Message,
            RepairException repair => repair.Message,
            BcdException bcd => $"the BCD store cannot be used: {bcd.Message}. Nothing was written.",
            OperationRefusedException refused => refused.Message,
            FixFailedException failed => failed.Message,
            ManifestFormatException manifest => $"the backup's manifest cannot be used: {manifest.Message}.",
            DirtyHiveException dirty => dirty.Message,
            HiveFormatException format => $"the hive is damaged: {format.Message}. Nothing was written.",
            FileNotFoundException missing => $"{missing.FileName ?? "a file"} does not exist: check the path.",
            DirectoryNotFoundException folder => $"{folder.Message} Check the path.",
            UnauthorizedAccessException denied => $"access denied: {denied.Message} Run with the rights to read and write the file.",
            IOException io => $"I/O error: {io.Message}",
            _ => $"internal error ({error.GetType().Name}: {error.Message}). Rerun with --verbose to see the stack trace, and report it.",
        };
        return OneLine(message);
    }

    /// <summary>Messages from exceptions may hold line breaks; the contract is one line.</summary>
    public static string OneLine(string text) =>
        text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ').Trim();
}
