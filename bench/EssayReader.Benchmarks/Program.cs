using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/EssayReader.Benchmarks -- --filter '*'` runs them all;
// README.md beside this file has the latest figures (bench/README.md those of re-anchoring).
BenchmarkSwitcher.FromAssembly(typeof(EssayReader.Benchmarks.ReanchorBenchmarks).Assembly).Run(args);
