using Catalog.Api.Configuration;
using Microsoft.Data.Sqlite;

namespace Catalog.Api.Commands;

/// <summary>
/// <c>backup --to &lt;file&gt;</c>: a consistent copy of the database, taken while the service runs. SQLite: <c>VACUUM
/// INTO</c> (a transactionally consistent, compacted copy). PostgreSQL: <c>pg_dump --format=custom</c> when pg_dump is
/// installed, else a clear error. Never overwrites an existing file: a deploy's previous backup is worth keeping.
/// Then the backup is read back (<see cref="BackupVerifier"/>): one that cannot be is deleted and the command fails,
/// because a migration must never run on the strength of a backup that could not be restored.
/// </summary>
internal static partial class BackupCommand
{
    public const string Name = "backup";
    public const string Usage = "usage: backup --to <file>";

    /// <summary>The target file from <c>--to &lt;file&gt;</c> or <c>--to=&lt;file&gt;</c>; throws <see cref="FormatException"/> with usage.</summary>
    public static string ParseTarget(IReadOnlyList<string> args)
    {
        string? target = args switch
        {
            ["--to", var file] => file,
            [var single] when single.StartsWith("--to=", StringComparison.Ordinal) => single["--to=".Length..],
            _ => null,
        };
        return string.IsNullOrWhiteSpace(target) ? throw new FormatException(Usage) : target;
    }

    public static async Task<int> RunAsync(
        DatabaseSettings database, string target, string? searchPath, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger(typeof(BackupCommand).FullName!);
        var file = Path.GetFullPath(target);
        if (File.Exists(file) || Directory.Exists(file))
        {
            TargetExists(logger, file);
            return 1;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var error = database.Provider == DatabaseProvider.Sqlite
                ? await BackupSqliteAsync(database, file, cancellationToken)
                : await BackupPostgresAsync(database, file, searchPath, cancellationToken);
            if (error is not null)
            {
                Failed(logger, null, database.Provider, database.SafeDescription, error);
                DeletePartial(file);
                return 1;
            }

            var bytes = new FileInfo(file).Length;
            Completed(logger, database.Provider, database.SafeDescription, file, bytes);
            if (await BackupVerifier.VerifyAsync(database.Provider, file, searchPath, cancellationToken) is { } unreadable)
            {
                NotVerified(logger, file, unreadable);
                DeletePartial(file);
                return 1;
            }

            Verified(logger, file);
            return 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Failed(logger, ex, database.Provider, database.SafeDescription, ex.Message);
            DeletePartial(file);
            return 1;
        }
    }

    private static async Task<string?> BackupSqliteAsync(DatabaseSettings database, string file, CancellationToken cancellationToken)
    {
        // ReadWrite, not ReadWriteCreate: backing up a database that does not exist must fail, not create an empty one.
        var source = new SqliteConnectionStringBuilder(database.ConnectionString) { Mode = SqliteOpenMode.ReadWrite };
        if (!File.Exists(source.DataSource))
        {
            return $"the SQLite database {source.DataSource} does not exist";
        }

        await using var connection = new SqliteConnection(source.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "VACUUM INTO $target";
        command.Parameters.AddWithValue("$target", file);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return null;
    }

    private static async Task<string?> BackupPostgresAsync(
        DatabaseSettings database, string file, string? searchPath, CancellationToken cancellationToken)
    {
        var executable = PgDump.Find(searchPath);
        if (executable is null)
        {
            return PgClient.NotFound(PgDump.ExecutableName);
        }

        var result = await ProcessRunner.RunAsync(PgDump.Invocation(executable, database.ConnectionString, file), cancellationToken);
        return result.ExitCode == 0 ? null : $"pg_dump exited with {result.ExitCode}: {result.StandardError}";
    }

    private static void DeletePartial(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
            // The failure is already reported; a leftover partial file is named in that report.
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Error, Message = "Backup target {File} already exists; choose a new file name")]
    private static partial void TargetExists(ILogger logger, string file);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Backed up {Provider} database {Target} to {File} ({Bytes} bytes)")]
    private static partial void Completed(ILogger logger, DatabaseProvider provider, string target, string file, long bytes);

    [LoggerMessage(EventId = 23, Level = LogLevel.Information, Message = "Verified the backup {File}: it reads back whole")]
    private static partial void Verified(ILogger logger, string file);

    [LoggerMessage(EventId = 24, Level = LogLevel.Error, Message = "The backup {File} cannot be read back, so it was deleted: {Reason}")]
    private static partial void NotVerified(ILogger logger, string file, string reason);

    [LoggerMessage(EventId = 22, Level = LogLevel.Error, Message = "Backup of {Provider} database {Target} failed: {Reason}")]
    private static partial void Failed(ILogger logger, Exception? exception, DatabaseProvider provider, string target, string reason);
}
