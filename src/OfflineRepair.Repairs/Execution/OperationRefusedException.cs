namespace OfflineRepair.Repairs.Execution;

/// <summary>
/// fix, restore or check refuses before writing anything: an unreadable hive, a backup folder that
/// already holds a backup, a manifest for another target, a file changed since the fix. The message
/// says what is wrong and what to do; the command exits 2.
/// </summary>
public sealed class OperationRefusedException : Exception
{
    public OperationRefusedException(string message)
        : base(message)
    {
    }

    public OperationRefusedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
