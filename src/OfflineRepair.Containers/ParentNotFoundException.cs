namespace OfflineRepair.Containers;

/// <summary>
/// A differencing image's parent could not be found at any place its locators name. The message
/// names the parent's file name and every path tried, so the user knows what to copy where.
/// </summary>
public sealed class ParentNotFoundException : ContainerFormatException
{
    public ParentNotFoundException(string structure, long offset, string parentFileName, IReadOnlyList<string> triedPaths)
        : base(structure, offset, $"parent not found: \"{parentFileName}\" (tried: {(triedPaths.Count == 0 ? "no usable locator" : string.Join(", ", triedPaths))}); put the parent image beside the child or at its recorded path")
    {
        ParentFileName = parentFileName;
        TriedPaths = triedPaths;
    }

    /// <summary>The parent's file name as recorded in the child (no folder).</summary>
    public string ParentFileName { get; }

    public IReadOnlyList<string> TriedPaths { get; }
}
