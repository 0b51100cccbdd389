namespace EssayReader.Essays;

/// <summary>Where essays come from. Bound from the "Content" configuration section.</summary>
public sealed class EssayOptions
{
    public const string Section = "Content";

    /// <summary>The folder of essay Markdown files; relative paths start at the app's content root.</summary>
    public string Path { get; set; } = "content";

    /// <summary>Poll for changes instead of relying on file-system events (for mounts that send none).</summary>
    public bool UsePollingWatcher { get; set; }
}
