using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/OfflineRepair.Benchmarks -- --filter '*'
// (BenchmarkDotNet's own options follow the --, e.g. --job short, --inProcess, --list flat).
// `image-read IMAGE` measures what inspect and fix --dry-run read from a disk image (scripts/bench-image.sh).
if (args.Length == 2 && args[0] == "image-read")
{
    return OfflineRepair.Benchmarks.ImageReadMeasurement.Run(args[1]);
}

// `image-fix IMAGE BACKUP [REG]` measures a real fix --all written into a disk image (scripts/bench-image-fix.sh).
if (args.Length is 3 or 4 && args[0] == "image-fix")
{
    return OfflineRepair.Benchmarks.ImageFixMeasurement.Run(args[1], args[2], args.Length == 4 ? args[3] : null);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
