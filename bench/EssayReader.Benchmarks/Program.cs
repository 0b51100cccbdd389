using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/EssayReader.Benchmarks -- --filter '*'` runs them all;
// bench/README.md has the latest figures.
BenchmarkSwitcher.FromAssembly(typeof(EssayReader.Benchmarks.ReanchorBenchmarks).Assembly).Run(args);
