// The ASP.NET Core ceiling for bench/run.sh: Kestrel and one terminal delegate, no middleware, no
// logging, no routing, writing bytes it holds in memory. Whatever EssayReader spends beyond this on
// a page is the app's own cost.
//
//   dotnet BareKestrel.dll <url> <file> <content-type>
//
// Every request, whatever its path, gets the file's bytes with that Content-Type and a strong ETag;
// a request whose If-None-Match carries that ETag gets a 304, as EssayReader's page does.
using System.Security.Cryptography;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: BareKestrel <url> <file> <content-type>");
    return 2;
}

var (url, body, contentType) = (args[0], File.ReadAllBytes(args[1]), args[2]);
var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..16]}\"";

var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = args });
builder.Logging.ClearProviders();
builder.WebHost.UseKestrelCore().UseUrls(url);
var app = builder.Build();
app.Run(context =>
{
    var response = context.Response;
    response.Headers.ETag = etag;
    if (context.Request.Headers.IfNoneMatch == etag)
    {
        response.StatusCode = StatusCodes.Status304NotModified;
        return Task.CompletedTask;
    }

    response.ContentType = contentType;
    response.ContentLength = body.Length;
    response.Headers.CacheControl = "no-cache";
    return response.Body.WriteAsync(body).AsTask();
});
app.Run();
return 0;
