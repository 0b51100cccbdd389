using EssayReader.Accounts;
using EssayReader.Annotations;
using EssayReader.Essays;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace EssayReader.Data;

/// <summary>
/// The one database: readers (ASP.NET Core Identity) and their annotations, in SQLite.
/// Each entity's mapping lives in <c>Data/Configurations</c>. To change the schema, edit the entity
/// and its configuration, then add a migration named for what it does:
/// <code>dotnet tool restore
/// dotnet ef migrations add AddReplyCounts --project src/EssayReader --output-dir Data/Migrations</code>
/// Migrations are applied at start-up unless <c>Data:MigrateOnStartup</c> is false.
/// </summary>
public sealed class EssayReaderDb(DbContextOptions<EssayReaderDb> options) : IdentityDbContext<Reader>(options)
{
    public DbSet<Annotation> Annotations => Set<Annotation>();

    public DbSet<EssayVersion> EssayVersions => Set<EssayVersion>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(EssayReaderDb).Assembly);
    }
}
