using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using EssayReader.Accounts;
using EssayReader.Data;
using EssayReader.Tests.Accounts;
using EssayReader.Tests.Annotations;
using EssayReader.Tests.Builders;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace EssayReader.Tests.Data;

/// <summary>
/// Issue 6's crash test. The app runs as a process on one data folder while four clients (one reader)
/// post annotations concurrently, is killed with SIGKILL at a random moment, and is started again on
/// the same folder, cycle after cycle. After every restart: each write the app answered 201 is in the
/// database with what was sent, every row the writers made is whole, <c>PRAGMA integrity_check</c>
/// says ok, and the reader's sign-in and API token from the first cycle still work. What makes it
/// hold: a write is answered only after its commit, and the file is in WAL mode, whose log SQLite
/// replays after a kill (<c>Data/SqliteConnectionSettings.cs</c>, the README's "Durability").
/// <c>synchronous</c> decides what a power cut could cost, which no kill can show.
/// <para>
/// <c>dotnet test</c> runs 5 cycles (under a minute). The issue's run is 50 cycles, about 7 minutes on a
/// busy 2-core machine (3.5 CPU-minutes: each restart compiles the app afresh), so it is run on demand,
/// with the figures printed:
/// <code>CRASH_CYCLES=50 dotnet test tests/EssayReader.Tests --filter CrashTests --logger "console;verbosity=detailed"</code>
/// <c>CRASH_SEED</c> repeats a run's kill moments (each run prints its seed).
/// </para>
/// </summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private const string Phrase = "Sino-Soviet spilt initiated by Nikita Khrushchev";
    private const int Writers = 4;

    [Fact]
    public async Task EveryAnsweredWriteSurvivesTheAppBeingKilledAtRandomMoments()
    {
        var cycles = int.TryParse(Environment.GetEnvironmentVariable("CRASH_CYCLES"), CultureInfo.InvariantCulture, out var n) ? n : 5;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CRASH_SEED"), CultureInfo.InvariantCulture, out var s) ? s : Random.Shared.Next();
        output.WriteLine($"CRASH_CYCLES={cycles} CRASH_SEED={seed}");
        var random = new Random(seed);
        using var data = new TemporaryFolder();
        var database = data.File(DataOptions.FileName);
        // Rate limits off: four writers going as fast as they can as one reader are far past the write
        // limit (RateLimits), and a 429 is not what a kill is tested against.
        var settings = new Dictionary<string, string>
        {
            ["Data:Path"] = data.Path,
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["RateLimits:Enabled"] = "false",
        };
        var acknowledged = new Dictionary<Guid, string>();
        var cookies = new CookieContainer();
        AntiforgeryInfo? antiforgery = null;
        var clock = Stopwatch.StartNew();
        var (cutOff, killsDuringAWrite) = (0, 0);

        for (var cycle = 1; cycle <= cycles + 1; cycle++)
        {
            await using var app = AppProcess.Start(settings);
            using var client = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies }) { BaseAddress = await app.ListeningAsync() };
            if (antiforgery is null)
            {
                using var signedUp = await client.SignUpAsync(AccountPages.NewUserName(), "Crash test writer", EssayReaderFactory.Password);
                antiforgery = (await client.GetFromJsonAsync<SessionResponse>("/api/session"))!.Antiforgery;
            }

            client.DefaultRequestHeaders.Add(antiforgery.HeaderName, antiforgery.Token);

            // The app has started on what the kill left (SQLite replays the WAL's commits; start-up's
            // quick_check passed). Now the whole check, with the app up but idle.
            await AssertIntactAsync(database, acknowledged, $"after {cycle - 1} kills");
            await AssertServedAsync(client, acknowledged.Keys.TakeLast(3));
            if (cycle > cycles)
            {
                break;
            }

            // One write before the others, so that the kill falls among writes at their usual pace rather
            // than during the first one's JIT compiling (half a second in a fresh process).
            var essay = await CanonicalEssay.GetAsync(client);
            var first = await client.CreateAsync(AnnotationRequests.Comment(essay, Phrase, $"cycle {cycle}, first write"));
            acknowledged.Add(AnnotationApi.IdOf(first), $"cycle {cycle}, first write");
            var answered = new ConcurrentDictionary<Guid, string>();
            var refused = new ConcurrentQueue<string>();
            var cutOffNow = 0;
            async Task WriteAsync(int writer)
            {
                for (var write = 0; ; write++)
                {
                    var body = $"cycle {cycle}, writer {writer}, write {write}";
                    HttpResponseMessage response;
                    try
                    {
                        response = await client.PostJsonAsync(AnnotationApi.AnnotationsPath(), AnnotationRequests.Comment(essay, Phrase, body));
                    }
                    catch (HttpRequestException)
                    {
                        // Killed before it answered: committed or not, either is right.
                        Interlocked.Increment(ref cutOffNow);
                        return;
                    }

                    using (response)
                    {
                        // Answered: 201 and the Location header are in, whatever happens to the body.
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            answered[AnnotationApi.IdOf(response.Headers.Location!.ToString())] = body;
                        }
                        else
                        {
                            refused.Enqueue($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                            return;
                        }
                    }
                }
            }

            var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(w))).ToArray();
            await Task.Delay(random.Next(100, 1500));
            await app.KillAsync();
            await Task.WhenAll(writers);

            Assert.True(refused.IsEmpty, $"Cycle {cycle}: the app refused a write before the kill: {string.Join("; ", refused)}");
            foreach (var (id, body) in answered)
            {
                acknowledged.Add(id, body);
            }

            cutOff += cutOffNow;
            killsDuringAWrite += cutOffNow > 0 ? 1 : 0;
        }

        var rows = await CountRowsAsync(database);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{cycles} kills ({killsDuringAWrite} with a write in flight) in {clock.Elapsed.TotalSeconds:F0} s: {acknowledged.Count} writes answered 201, all found after each restart; {cutOff} cut off by a kill; {rows} rows in the end."));
        Assert.True(acknowledged.Count > 0, "No write was ever answered: the test tested nothing.");
    }

    // Every answered write present with the body sent; every row the writers made whole (its quote,
    // its body's HTML rendered from its Markdown); the file as a whole sound.
    private static async Task AssertIntactAsync(string database, Dictionary<Guid, string> acknowledged, string when)
    {
        await using var connection = Open(database);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        Assert.Equal("ok", Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
        command.CommandText = "PRAGMA foreign_key_check;";
        await using (var broken = await command.ExecuteReaderAsync())
        {
            Assert.False(await broken.ReadAsync(), $"{when}: a row points at nothing");
        }

        var found = new Dictionary<Guid, string>();
        command.CommandText = "SELECT Id, BodyMarkdown, BodyHtml, Exact FROM Annotations;";
        await using (var rows = await command.ExecuteReaderAsync())
        {
            while (await rows.ReadAsync())
            {
                var (id, markdown) = (Guid.Parse(rows.GetString(0)), rows.GetString(1));
                Assert.Equal(Phrase, rows.GetString(3));
                Assert.Contains(markdown, rows.GetString(2), StringComparison.Ordinal);
                found[id] = markdown;
            }
        }

        var lost = acknowledged.Where(write => !found.TryGetValue(write.Key, out var body) || body != write.Value).ToList();
        Assert.True(lost.Count == 0, $"{when}: {lost.Count} of {acknowledged.Count} answered writes are missing or changed, e.g. {lost.FirstOrDefault()}");
    }

    private static async Task AssertServedAsync(HttpClient client, IEnumerable<Guid> ids)
    {
        foreach (var id in ids)
        {
            using var response = await client.GetAsync(AnnotationApi.AnnotationPath(id));
            await AnnotationApi.AssertStatusAsync(HttpStatusCode.OK, response);
        }
    }

    private static async Task<long> CountRowsAsync(string database)
    {
        await using var connection = Open(database);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM Annotations;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static SqliteConnection Open(string database)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
