namespace OfflineRepair.Repairs.Planning;

/// <summary>
/// A repair cannot plan on this input (no Select key, bad option value, missing object): the
/// message says what is wrong and what to do. The command exits 2 and writes nothing.
/// </summary>
public sealed class RepairException : Exception
{
    public RepairException(string message)
        : base(message)
    {
    }

    public RepairException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
