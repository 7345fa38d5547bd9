namespace OfflineRepair.Cli;

/// <summary>The exit codes of the command-line contract (shared/DESIGN.md).</summary>
internal static class ExitCode
{
    public const int Success = 0;

    /// <summary>Reserved for <c>check</c>: the target needs repairs.</summary>
    public const int CheckFoundWork = 1;

    /// <summary>Bad input or a refusal: the message says what is wrong and what to do.</summary>
    public const int BadInput = 2;

    /// <summary>A bug: an exception nobody expected.</summary>
    public const int InternalError = 3;
}
