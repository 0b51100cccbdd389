using System.Data.Common;
using EssayReader.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace EssayReader.Annotations;

/// <summary>
/// The INSERT that <see cref="AnnotationInserts"/> writes each new annotation with: one statement,
/// prepared once per batch and run for each row, returning the row's <see cref="Annotation.Seq"/>.
/// </summary>
/// <remarks>
/// SaveChanges wrote a batch as one command text of an INSERT per row, made anew for each batch (the
/// change tracker, the SQL generator, then SQLite parsing it all): about a fifth of the server's time
/// for each annotation created under 32 concurrent writers. Columns, names and values come from the EF
/// model (each property's column and its type mapping, converters included), so a row is stored
/// exactly as SaveChanges stored it, and a property added to the model is written without a change
/// here. A row the database refuses fails as SaveChanges failed, with a <see cref="DbUpdateException"/>.
/// </remarks>
internal sealed class InsertCommand
{
    private readonly string _sql;
    private readonly Column[] _columns;

    private InsertCommand(string sql, Column[] columns) => (_sql, _columns) = (sql, columns);

    /// <summary>The statement for the model of <paramref name="db"/>.</summary>
    public static InsertCommand For(EssayReaderDb db)
    {
        var entity = db.Model.FindEntityType(typeof(Annotation))
            ?? throw new InvalidOperationException("The model has no Annotation entity.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();

        // Every stored property but the key, which SQLite numbers (INTEGER PRIMARY KEY), the target's too.
        var properties = entity.GetProperties().Where(p => !p.IsPrimaryKey())
            .Concat(entity.GetComplexProperties().SelectMany(c => c.ComplexType.GetProperties()));
        var columns = properties.Select((p, i) => new Column(
            sql.DelimitIdentifier(p.GetColumnName(table) ?? throw new InvalidOperationException($"{p.Name} has no column.")),
            "$p" + i,
            p.GetGetter(),
            p.GetRelationalTypeMapping(),
            p.IsNullable)).ToArray();
        var key = entity.FindPrimaryKey()!.Properties.Single().GetColumnName(table)!;

        return new InsertCommand(
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => c.Name))}) "
            + $"VALUES ({string.Join(", ", columns.Select(c => c.Parameter))}) RETURNING {sql.DelimitIdentifier(key)};",
            columns);
    }

    /// <summary>The command on the context's open connection, in its transaction.</summary>
    public DbCommand Create(DbConnection connection, DbTransaction transaction)
    {
        var command = connection.CreateCommand();
        command.CommandText = _sql;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Inserts <paramref name="annotation"/> and returns its Seq.</summary>
    public async Task<long> ExecuteAsync(DbCommand command, Annotation annotation)
    {
        command.Parameters.Clear();
        foreach (var column in _columns)
        {
            command.Parameters.Add(column.Mapping.CreateParameter(
                command, column.Parameter, column.Getter.GetClrValueUsingContainingEntity(annotation), column.Nullable));
        }

        try
        {
            return (long)(await command.ExecuteScalarAsync(CancellationToken.None))!;
        }
        catch (SqliteException ex)
        {
            throw new DbUpdateException($"The database refused annotation {annotation.Id}: {ex.Message}", ex);
        }
    }

    private sealed record Column(string Name, string Parameter, IClrPropertyGetter Getter, RelationalTypeMapping Mapping, bool Nullable);
}
