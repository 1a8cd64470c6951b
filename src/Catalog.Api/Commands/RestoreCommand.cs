using Catalog.Api.Configuration;
using Catalog.Api.Hosting;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Catalog.Api.Commands;

/// <summary>
/// <c>restore --from &lt;file&gt;</c>: puts a backup taken by <c>backup</c> or <c>migrate --backup-to</c> back over the live
/// database, in place, while the service may keep serving. PostgreSQL: relations the archive does not hold are
/// dropped (<see cref="StrayRelations"/>), then <c>pg_restore --clean --if-exists --single-transaction</c>: one
/// transaction, so a failure leaves the database as it was, and the serving version's queries wait on the table locks
/// for the moment the restore takes instead of failing. Restoring into a new database and switching would need every
/// serving connection moved to it (a rename requires that nobody is connected), which fails the requests in flight.
/// SQLite: the online backup API copies the file's pages into the live database under its write lock.
/// The file is read back first (<see cref="BackupVerifier"/>): a restore never starts from a backup it cannot finish.
/// </summary>
internal static partial class RestoreCommand
{
    public const string Name = "restore";
    public const string Usage = "usage: restore --from <file>";

    /// <summary>The backup from <c>--from &lt;file&gt;</c> or <c>--from=&lt;file&gt;</c>; throws <see cref="FormatException"/> with usage.</summary>
    public static string ParseSource(IReadOnlyList<string> args)
    {
        string? source = args switch
        {
            ["--from", var file] => file,
            [var single] when single.StartsWith("--from=", StringComparison.Ordinal) => single["--from=".Length..],
            _ => null,
        };
        return string.IsNullOrWhiteSpace(source) ? throw new FormatException(Usage) : source;
    }

    /// <summary>Exit codes: 0 restored; 1 the backup could not be read or the restore failed (PostgreSQL: nothing changed by pg_restore).</summary>
    public static async Task<int> RunAsync(
        DatabaseSettings database, string source, string? searchPath, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger(typeof(RestoreCommand).FullName!);
        var file = Path.GetFullPath(source);
        if (await BackupVerifier.VerifyAsync(database.Provider, file, searchPath, cancellationToken) is { } unreadable)
        {
            Failed(logger, database.Provider, database.SafeDescription, file, unreadable);
            return ServiceExitCodes.Failure;
        }

        return await RestoreAsync(database, file, searchPath, logger, cancellationToken) ? ServiceExitCodes.Success : ServiceExitCodes.Failure;
    }

    /// <summary>Restores <paramref name="file"/> (already verified) and logs how it went; true when the database holds the backup again.</summary>
    public static async Task<bool> RestoreAsync(
        DatabaseSettings database, string file, string? searchPath, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        Restoring(logger, database.Provider, database.SafeDescription, file);
        var started = TimeProvider.System.GetTimestamp();
        string? error;
        try
        {
            error = database.Provider == DatabaseProvider.Sqlite
                ? await RestoreSqliteAsync(database, file, cancellationToken)
                : await RestorePostgresAsync(database, file, searchPath, logger, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or SqliteException or IOException or InvalidOperationException)
        {
            error = ex.Message;
        }

        if (error is not null)
        {
            Failed(logger, database.Provider, database.SafeDescription, file, error);
            return false;
        }

        Restored(logger, database.Provider, database.SafeDescription, file, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
        return true;
    }

    private static async Task<string?> RestorePostgresAsync(
        DatabaseSettings database, string file, string? searchPath, ILogger logger, CancellationToken cancellationToken)
    {
        if (PgRestore.Find(searchPath) is not { } executable)
        {
            return PgClient.NotFound(PgRestore.ExecutableName);
        }

        var list = await ProcessRunner.RunAsync(PgRestore.List(executable, file), cancellationToken);
        if (list.ExitCode != 0)
        {
            return $"pg_restore --list exited with {list.ExitCode}: {list.StandardError}";
        }

        await DropStrayRelationsAsync(database, BackupToc.Parse(list.StandardOutput), logger, cancellationToken);
        var result = await ProcessRunner.RunAsync(PgRestore.Restore(executable, database.ConnectionString, file), cancellationToken);
        return result.ExitCode == 0 ? null : $"pg_restore exited with {result.ExitCode} (its single transaction was rolled back): {result.StandardError}";
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Each statement names a relation read from pg_catalog, quoted as an identifier by StrayRelations.Quote; no user input reaches it.")]
    private static async Task DropStrayRelationsAsync(DatabaseSettings database, BackupToc archive, ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var live = new List<StrayRelations.Live>();
        await using (var query = new NpgsqlCommand(
            """
            SELECT n.nspname, c.relname, c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname = ANY(@schemas)
              -- sequences owned by a column go with their table
              AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
            """, connection))
        {
            query.Parameters.AddWithValue("schemas", StrayRelations.Schemas(archive).ToArray());
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                live.Add(new StrayRelations.Live(reader.GetString(0), reader.GetString(1), reader.GetString(2)[0]));
            }
        }

        var drops = StrayRelations.DropStatements(archive, live);
        if (drops.Count == 0)
        {
            return;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var drop in drops)
        {
            DroppingStray(logger, drop);
            await using var command = new NpgsqlCommand(drop, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<string?> RestoreSqliteAsync(DatabaseSettings database, string file, CancellationToken cancellationToken)
    {
        var source = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        await using var backup = new SqliteConnection(source.ConnectionString);
        await using var live = new SqliteConnection(new SqliteConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        await backup.OpenAsync(cancellationToken);
        await live.OpenAsync(cancellationToken);
        backup.BackupDatabase(live);
        return null;
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "Restoring {Provider} database {Target} from {File}")]
    private static partial void Restoring(ILogger logger, DatabaseProvider provider, string target, string file);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "Restored {Provider} database {Target} from {File} in {Milliseconds:0} ms")]
    private static partial void Restored(ILogger logger, DatabaseProvider provider, string target, string file, double milliseconds);

    [LoggerMessage(EventId = 32, Level = LogLevel.Error, Message = "Restoring {Provider} database {Target} from {File} failed: {Reason}")]
    private static partial void Failed(ILogger logger, DatabaseProvider provider, string target, string file, string reason);

    [LoggerMessage(EventId = 33, Level = LogLevel.Warning, Message = "Not in the backup, so dropped before restoring: {Statement}")]
    private static partial void DroppingStray(ILogger logger, string statement);
}
