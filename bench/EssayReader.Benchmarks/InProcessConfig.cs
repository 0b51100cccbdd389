using System.Runtime.CompilerServices;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace EssayReader.Benchmarks;

/// <summary>
/// The one configuration of every benchmark here. In process: the generated out-of-process project
/// would inherit the repository's strict build settings (warnings as errors) that BenchmarkDotNet's
/// generated code does not meet. The toolchain is a mutator, so a job from the command line
/// (<c>--job short</c>) runs in process too, instead of beside the default job. Reports go to
/// bench/out/, which git ignores, wherever the command was run from.
/// </summary>
internal sealed class InProcessConfig : ManualConfig
{
    public InProcessConfig()
    {
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsMutator());
        ArtifactsPath = Path.Combine(SourceFolder(), "..", "out", "benchmarks");
    }

    private static string SourceFolder([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
