using EssayReader.Essays;
using EssayReader.Pages;
using Serilog;

var builder = WebApplication.CreateBuilder(args);

// Logging: Serilog, configured from the "Serilog" section of appsettings. Each host keeps its own
// logger and leaves the static Log alone, so several hosts in one process (tests) never share one.
builder.Services.AddSerilog((services, logger) => logger
    .ReadFrom.Configuration(builder.Configuration)
    .ReadFrom.Services(services), preserveStaticLogger: true);

// Essays: the Markdown files of the content folder, each rendered once per version.
builder.AddEssays();

// Pages for readers.
builder.AddSitePages();

var app = builder.Build();

// Errors: a friendly page for people, never a stack trace outside Development.
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error");
    app.UseHsts();
}

app.UseStatusCodePagesWithReExecute("/error/{0}");

// One structured line per request.
app.UseSerilogRequestLogging(options => options.Logger = app.Services.GetRequiredService<Serilog.ILogger>());

// Fingerprinted, precompressed static assets, then the pages and the health probe.
app.MapStaticAssets();
app.MapRazorPages().WithStaticAssets();
app.MapHealthChecks("/healthz");

app.Run();
