using Catalog.Api.Configuration;
using Microsoft.Data.Sqlite;

namespace Catalog.Api.Commands;

/// <summary>
/// Reads a backup back before anything relies on it. PostgreSQL: <c>pg_restore --list</c> (header and table of
/// contents readable, custom format), then <c>pg_restore --file=/dev/null</c> (every data block read and
/// decompressed — a truncated file passes <c>--list</c>, which reads only the TOC, and fails here). Not a restore into
/// a scratch database: that needs CREATEDB on the production server and doubles the time and load of the backup,
/// while the file is what can go wrong between pg_dump and a restore. SQLite: <c>PRAGMA quick_check</c> on the copy.
/// </summary>
internal static class BackupVerifier
{
    /// <summary>Null when the backup reads back whole; else why not.</summary>
    public static async Task<string?> VerifyAsync(DatabaseProvider provider, string file, string? searchPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            return $"the backup {file} does not exist";
        }

        return provider == DatabaseProvider.Sqlite
            ? await VerifySqliteAsync(file, cancellationToken)
            : await VerifyPostgresAsync(file, searchPath, cancellationToken);
    }

    private static async Task<string?> VerifyPostgresAsync(string file, string? searchPath, CancellationToken cancellationToken)
    {
        if (PgRestore.Find(searchPath) is not { } executable)
        {
            return PgClient.NotFound(PgRestore.ExecutableName);
        }

        var list = await ProcessRunner.RunAsync(PgRestore.List(executable, file), cancellationToken);
        if (list.ExitCode != 0)
        {
            return $"pg_restore --list cannot read {file} (exit {list.ExitCode}): {list.StandardError}";
        }

        var toc = BackupToc.Parse(list.StandardOutput);
        if (toc.Format != "CUSTOM")
        {
            return $"{file} is not a custom-format archive (pg_restore --list says format {toc.Format ?? "unknown"})";
        }

        var read = await ProcessRunner.RunAsync(PgRestore.ReadAll(executable, file), cancellationToken);
        return read.ExitCode == 0 ? null : $"pg_restore cannot read {file} to its end (exit {read.ExitCode}): {read.StandardError}";
    }

    private static async Task<string?> VerifySqliteAsync(string file, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        try
        {
            await using var connection = new SqliteConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check";
            var problems = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    problems.Add(reader.GetString(0));
                }
            }

            return problems is ["ok"] ? null : $"PRAGMA quick_check of {file} found: {string.Join("; ", problems.Take(5))}";
        }
        catch (SqliteException ex)
        {
            return $"{file} cannot be read as a SQLite database: {ex.Message}";
        }
    }
}
