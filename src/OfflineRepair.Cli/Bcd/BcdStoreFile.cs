using OfflineRepair.Bcd;
using OfflineRepair.Cli.Hives;
using OfflineRepair.Registry;

namespace OfflineRepair.Cli.Bcd;

/// <summary>Opens a store file as <c>reg</c> opens a hive (dirty: replay or refuse) and checks it is a BCD store.</summary>
internal static class BcdStoreFile
{
    public static (Hive Hive, BcdStore Store) Open(string path, bool writable, CommandContext context)
    {
        var hive = HiveFile.Open(path, writable, context);
        try
        {
            if (!BcdStore.IsBcd(hive))
            {
                throw new BadInputException($"{path} is a registry hive but not a BCD store: its root ({hive.RootName}) has no Objects and Description keys.");
            }

            return (hive, new BcdStore(hive));
        }
        catch
        {
            hive.Dispose();
            throw;
        }
    }
}
