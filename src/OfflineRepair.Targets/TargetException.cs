namespace OfflineRepair.Targets;

/// <summary>
/// TARGET (or --system/--software) names nothing a repair can work on: a missing path, a folder
/// without Windows, a file that is no hive. The message is one line that says what was expected.
/// </summary>
public sealed class TargetException : Exception
{
    public TargetException(string message)
        : base(message)
    {
    }

    public TargetException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
