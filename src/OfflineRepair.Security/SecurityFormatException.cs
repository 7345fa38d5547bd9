namespace OfflineRepair.Security;

/// <summary>
/// Bytes that should hold a SID, an ACE, an ACL or a self-relative security descriptor break a rule of
/// the format. It is a <see cref="FormatException"/> because the input is data (read from $Secure or a
/// hive), not a failing device. The message names the structure, the byte offset (from the start of
/// the buffer the caller handed in) and the rule.
/// </summary>
public sealed class SecurityFormatException : FormatException
{
    public SecurityFormatException(string structure, int offset, string problem)
        : base($"{structure} at offset 0x{offset:X}: {problem}")
    {
        Structure = structure;
        Offset = offset;
        Problem = problem;
    }

    public SecurityFormatException()
        : this("security data", 0, "malformed")
    {
    }

    public SecurityFormatException(string message)
        : this("security data", 0, message)
    {
    }

    public SecurityFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Structure = "security data";
        Problem = message;
    }

    /// <summary>"SID", "ACE", "ACL" or "security descriptor".</summary>
    public string Structure { get; }

    /// <summary>Where the structure (or the failing field) starts, from the start of the caller's buffer.</summary>
    public int Offset { get; }

    public string Problem { get; }
}
