using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/OfflineRepair.Benchmarks -- --filter '*'
// (BenchmarkDotNet's own options follow the --, e.g. --job short, --inProcess, --list flat).
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
