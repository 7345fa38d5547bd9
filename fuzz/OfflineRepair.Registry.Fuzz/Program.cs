using OfflineRepair.Registry.Fuzz;
using SharpFuzz;

// Under afl-fuzz (no arguments): SharpFuzz's fork server feeds each input to HiveTarget.Run.
// With --replay FILE...: runs the same target on saved inputs (seeds, crashes from findings/), printing
// any unexpected exception with its stack trace; exit code 1 when one of them failed.
if (args.Length > 0 && args[0] == "--replay")
{
    int failures = 0;
    foreach (var path in args.Skip(1))
    {
        try
        {
            HiveTarget.Run(File.ReadAllBytes(path));
            Console.WriteLine($"ok      {path}");
        }
#pragma warning disable CA1031 // Replay reports every unexpected exception: that is the finding.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failures++;
            Console.WriteLine($"FAILED  {path}");
            Console.WriteLine(e);
        }
    }

    return failures == 0 ? 0 : 1;
}

if (args.Length > 0)
{
    Console.Error.WriteLine("usage: OfflineRepair.Registry.Fuzz            (run by afl-fuzz)");
    Console.Error.WriteLine("       OfflineRepair.Registry.Fuzz --replay FILE...");
    return 2;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    HiveTarget.Run(buffer.ToArray());
});
return 0;
