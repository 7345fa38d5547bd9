namespace OfflineRepair.Cli;

/// <summary>
/// Input the command cannot act on, or an action it refuses: exit code 2. The message is the one
/// line the user sees, so it says what is wrong and what to do next.
/// </summary>
internal sealed class BadInputException : Exception
{
    public BadInputException(string message)
        : base(message)
    {
    }

    public BadInputException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
