using EssayReader.Accounts;
using EssayReader.Annotations;
using EssayReader.Data;
using EssayReader.Essays;
using EssayReader.Pages;
using EssayReader.RateLimiting;
using Serilog;
using Serilog.Events;

// `backup <file>`: copies the database, safe while the site runs, and exits (Data/Backup.cs).
if (args is [Backup.Command, .. var backupArgs]) return await Backup.RunAsync(backupArgs);

var builder = WebApplication.CreateBuilder(args);

// Logging: Serilog, configured from the "Serilog" section of appsettings. Each host keeps its own
// logger and leaves the static Log alone, so several hosts in one process (tests) never share one.
// Hosting's own per-request logger off: it costs every request an Activity and a scope, and logs
// nothing kept; RequestLogContext puts the request id on every event instead.
builder.Services.AddSerilog((services, logger) => logger
    .MinimumLevel.Override(RequestLogContext.HostingCategory, LevelAlias.Off)
    .ReadFrom.Configuration(builder.Configuration)
    .ReadFrom.Services(services), preserveStaticLogger: true);

// Essays: the Markdown files of the content folder, each rendered once per version.
builder.AddEssays();

// Data: SQLite in the data folder; readers' accounts; their annotations; how often each may write.
builder.AddData();
builder.AddAccounts();
builder.AddAnnotations();
builder.AddRateLimits();

// Pages for people, ProblemDetails for the API, and the API's OpenAPI document.
builder.AddSitePages();
builder.AddErrorResponses();
builder.Services.AddOpenApi();

var app = builder.Build();

// The schema is brought up to date before the first request. A database that cannot be used stops the
// app here: one log line says what to fix, and the exit code is 1.
if (!await app.PrepareDatabaseAsync()) return 1;

// Every event logged for a request names it by the id the error page and ProblemDetails show.
app.UseRequestIdInLogs();

// Every response, from errors to cached pages, says what its page may run and, outside Development,
// to stay on https (Pages/SecurityHeaders.cs).
app.UseSecurityHeaders();

// Errors: a friendly page for people, ProblemDetails for the API.
app.UseErrorResponses();

// One structured line per request.
app.UseSerilogRequestLogging(options =>
{
    options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
    options.GetLevel = RequestLogLevels.For;
});
app.UseAbandonedRequests();

// Anonymous readers' essay pages from memory, before the work of finding out who is asking: their
// policy knows a reader by the sign-in cookie, and never stores a page made for a signed-in one. The
// essay page, the most read, is also kept as the bytes last sent and answered before routing.
app.UseEssayPageCopies();
// Routing from here on, not first: left implicit, WebApplication puts it at the very start, and the
// copies above would match a route they do not need on every request.
app.UseRouting();
app.UseOutputCache();

// Fingerprinted, precompressed static assets; then who is asking, and how often (by reader); then pages, API and health.
app.MapStaticAssets();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.MapRazorPages().WithStaticAssets();
app.MapOpenApi();
app.MapSessionApi();
app.MapEssaysApi();
app.MapAnnotationsApi();
app.MapHealthChecks("/healthz");

await app.RunAsync();
return 0;
