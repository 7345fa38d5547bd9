namespace OfflineRepair.Containers;

/// <summary>
/// The files opened so far along a differencing chain: a parent that is already in the chain is a
/// loop, and a chain deeper than <see cref="ContainerOpener.MaxParentDepth"/> is refused before it
/// can exhaust file handles or the stack.
/// </summary>
internal sealed class ParentChain
{
    private readonly HashSet<string> opened;

    public ParentChain()
        : this(new HashSet<string>(StringComparer.Ordinal), 0)
    {
    }

    private ParentChain(HashSet<string> opened, int depth)
    {
        this.opened = opened;
        Depth = depth;
    }

    public int Depth { get; }

    public void Enter(string fullPath)
    {
        if (Depth > ContainerOpener.MaxParentDepth)
        {
            throw new ContainerFormatException("parent chain", 0, $"more than {ContainerOpener.MaxParentDepth} differencing parents (at {fullPath})");
        }

        if (!opened.Add(fullPath))
        {
            throw new ContainerFormatException("parent chain", 0, $"{fullPath} is its own ancestor (the parent chain loops)");
        }
    }

    public ParentChain Child() => new(opened, Depth + 1);
}
