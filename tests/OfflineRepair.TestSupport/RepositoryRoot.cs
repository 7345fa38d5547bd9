namespace OfflineRepair.TestSupport;

/// <summary>Finds the repository's top folder (the one holding OfflineRepair.sln) from the test binaries.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OfflineRepair.sln")))
            {
                return dir.FullName;
            }

            dir = dir.Parent;
        }

        throw new InvalidOperationException("OfflineRepair.sln not found above " + AppContext.BaseDirectory);
    }
}
