namespace OfflineRepair.TestSupport;

/// <summary>The project's own fixtures in testdata/ (made by its scripts), unpacked into a test's folder.</summary>
public static class TestData
{
    public static string Path(string relativePath) => System.IO.Path.Combine(RepositoryRoot.Find(), "testdata", relativePath);

    /// <summary>Unpacks testdata/RELATIVE (.xz or .gz) into the folder under its name without the suffix; returns the path.</summary>
    public static string Unpack(string relativePath, TemporaryDirectory directory)
    {
        var name = System.IO.Path.GetFileName(relativePath);
        var target = directory.File(name[..name.LastIndexOf('.')]);
        Compressed.Unpack(Path(relativePath), target);
        return target;
    }
}
