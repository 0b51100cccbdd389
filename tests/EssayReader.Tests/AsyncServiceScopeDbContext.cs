using EssayReader.Data;
using Microsoft.Extensions.DependencyInjection;

namespace EssayReader.Tests;

/// <summary>A database context with the service scope it came from; disposing it ends both.</summary>
public sealed class AsyncServiceScopeDbContext(AsyncServiceScope scope, EssayReaderDb db) : IAsyncDisposable
{
    public EssayReaderDb Db { get; } = db;

    public ValueTask DisposeAsync() => scope.DisposeAsync();
}
