using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/OfflineRepair.Benchmarks -- --filter '*'
// (BenchmarkDotNet's own options follow the --, e.g. --job short, --inProcess, --list flat).
// `image-read IMAGE` measures what inspect and fix --dry-run read from a disk image (scripts/bench-image.sh).
if (args.Length == 2 && args[0] == "image-read")
{
    return OfflineRepair.Benchmarks.ImageReadMeasurement.Run(args[1]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
