namespace EssayReader.Tests;

/// <summary>
/// Tests that assert on what a host logged run alone, after all other tests. Program.cs registers
/// Serilog with <c>AddSerilog(…)</c> and the default <c>preserveStaticLogger: false</c>, which makes
/// every host log through the process-wide <c>Log.Logger</c>: the host started last takes over the
/// logging of all others, and a host being disposed closes it for everyone. Running these tests while
/// no other host exists keeps each one's log its own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OneHostAtATime
{
    public const string Name = "Tests that read a host's log";
}
