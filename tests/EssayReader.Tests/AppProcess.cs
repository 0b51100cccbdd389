using System.Diagnostics;
using System.Text.RegularExpressions;

namespace EssayReader.Tests;

/// <summary>
/// The app in a process of its own (<c>dotnet EssayReader.dll</c>, the build the test project copies
/// beside itself), for what only a real process shows: its exit code and output when start-up fails,
/// the <c>backup</c> command, and being killed with SIGKILL. Runs as in production
/// (<c>ASPNETCORE_ENVIRONMENT=Production</c>, appsettings.json beside the dll) on 127.0.0.1 and a port
/// Kestrel picks; its settings become environment variables (<c>Data:Path</c> →
/// <c>Data__Path</c>). Disposing kills a process still running.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    /// <summary>The repository's essays, copied beside the tests; the app only reads them.</summary>
    public static readonly string ContentPath = Path.Combine(AppContext.BaseDirectory, "content");

    // The build, where another user (runAs) can read it: the test's own folder if every folder above it
    // lets others through (a clone under /work), else a copy in the temporary folder (a clone in a
    // home folder only its owner may enter, as a CI machine may make it). Copied once per test run.
    private static readonly Lazy<string> ReadableFolder = new(() =>
    {
        var folder = AppContext.BaseDirectory;
        if (OperatingSystem.IsWindows() || OthersMayEnter(folder))
        {
            return folder;
        }

        var copy = Path.Combine(Path.GetTempPath(), "essayreader-tests", "app-" + Environment.ProcessId);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(copy, recursive: true);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }

        return copy;
    });

    private static bool OthersMayEnter(string folder)
    {
        for (var current = new DirectoryInfo(folder); current is not null; current = current.Parent)
        {
            if (!current.UnixFileMode.HasFlag(UnixFileMode.OtherExecute))
            {
                return false;
            }
        }

        return true;
    }

    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppProcess(IEnumerable<string> args, IReadOnlyDictionary<string, string> settings, IReadOnlyList<string>? runAs)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var folder = runAs is null ? AppContext.BaseDirectory : ReadableFolder.Value;
        var start = new ProcessStartInfo
        {
            FileName = runAs is null ? dotnet : runAs[0],
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (runAs is not null)
        {
            foreach (var arg in runAs.Skip(1).Append(dotnet))
            {
                start.ArgumentList.Add(arg);
            }
        }

        start.ArgumentList.Add(Path.Combine(folder, "EssayReader.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Nothing from the test run's own environment decides where the app listens or what it opens.
        foreach (var name in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_ENVIRONMENT", "ConnectionStrings__EssayReader" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Content__Path"] = ContentPath;
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Receive(e.Data);
        _process.ErrorDataReceived += (_, e) => Receive(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Everything the process wrote so far, stdout and stderr, line by line.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_output)
            {
                return [.. _output];
            }
        }
    }

    public string Output => string.Join('\n', Lines);

    /// <summary>Starts the site; see <see cref="ListeningAsync"/> for its address.</summary>
    public static AppProcess Start(IReadOnlyDictionary<string, string> settings, IReadOnlyList<string>? runAs = null) =>
        new([], settings, runAs);

    /// <summary>
    /// Runs the app with <paramref name="args"/> (a command, or none for the site) until it exits, and
    /// returns its exit code and output. <paramref name="runAs"/> puts a command before <c>dotnet</c>
    /// (<c>["setpriv", "--reuid=65534", …]</c>). The site itself never exits on its own: it fails the test.
    /// </summary>
    public static async Task<(int ExitCode, IReadOnlyList<string> Lines)> RunAsync(
        IEnumerable<string> args, IReadOnlyDictionary<string, string> settings, IReadOnlyList<string>? runAs = null)
    {
        await using var app = new AppProcess(args, settings, runAs);
        var exitCode = await app.ExitAsync(TimeSpan.FromSeconds(60));
        return (exitCode, app.Lines);
    }

    /// <summary>The address Kestrel reports once it listens (the app then takes requests).</summary>
    public async Task<Uri> ListeningAsync()
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_listening.Task, exited).WaitAsync(TimeSpan.FromSeconds(60));
        return first == _listening.Task
            ? await _listening.Task
            : throw new InvalidOperationException($"The app exited ({_process.ExitCode}) before it listened:\n{Output}");
    }

    /// <summary>Waits for the process to end by itself and returns its exit code.</summary>
    public async Task<int> ExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The app was still running after {timeout.TotalSeconds} s:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>Ends the process as <c>kill -9</c> does (SIGKILL: no shutdown, no flush), and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Receive(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        if (Listening().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex Listening();
}
