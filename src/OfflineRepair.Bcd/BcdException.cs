namespace OfflineRepair.Bcd;

/// <summary>The store lacks what an operation needs (an object, the default loader, an element of the right format); the message names it.</summary>
public sealed class BcdException : Exception
{
    public BcdException(string message)
        : base(message)
    {
    }
}
