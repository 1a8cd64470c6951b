using System.Diagnostics;
using Catalog.Api.Commands;
using Catalog.Api.Data;
using Catalog.Api.Items;
using Catalog.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Catalog.Api.Tests.Data;

/// <summary>
/// A migration that fails after an earlier one of the same run committed, on the real engines: the database is
/// restored from the backup taken just before (exit 4), schema and rows as they were. The failure is the database's
/// own: a trigger on EF Core's history table rejects the second migration's row, so the first migration's transaction
/// commits and the second's rolls back — no hook in the service.
/// </summary>
[TestFixtureSource(typeof(TestProviders), nameof(TestProviders.All))]
public sealed class FailedMigrationRestoreTests(TestProvider provider) : CommandOnDatabasePerTest(provider)
{
    private const string SecondMigration = "20260102000000_AddItemUpdatedAt";

    private static string? SearchPath => Environment.GetEnvironmentVariable("PATH");

    [Test]
    public async Task A_migration_failing_after_another_committed_restores_the_backup_and_exits_4()
    {
        await PrepareDatabaseWhoseSecondMigrationFailsAsync();
        var schemaBefore = await SchemaAsync();
        var target = Path.Combine(Database.WorkDirectory, "backups", "d-5.backup");

        var exitCode = await MigrateCommand.RunAsync(Database.Settings, target, SearchPath, Loggers, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(exitCode, Is.EqualTo(4), Log.AllText);
            Assert.That(Log.AllText, Does.Contain("second migration fails").And.Contain($"Restored {Provider}").IgnoreCase);
            Assert.That(await SchemaAsync(), Is.EqualTo(schemaBefore), "the schema is the one before the migration, the first migration's Items table included: gone");
            Assert.That(await ScalarAsync("""SELECT COUNT(*) FROM "Suppliers" """), Is.EqualTo(3));
            Assert.That(await ScalarAsync("""SELECT COUNT(*) FROM "__EFMigrationsHistory" """), Is.Zero);
        });
    }

    [Test]
    public async Task Restore_from_a_backup_puts_back_the_rows_of_that_moment()
    {
        await Database.MigrateAsync();
        await AddItemsAsync("before", 5);
        var backup = Path.Combine(Database.WorkDirectory, "backups", "moment.backup");
        Assert.That(await BackupCommand.RunAsync(Database.Settings, backup, SearchPath, Loggers, CancellationToken.None), Is.Zero, Log.AllText);
        var schemaBefore = await SchemaAsync();
        await AddItemsAsync("after", 7);
        await ExecuteAsync("""CREATE TABLE "Later" ("Id" INTEGER PRIMARY KEY)""");

        var exitCode = await RestoreCommand.RunAsync(Database.Settings, backup, SearchPath, Loggers, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(exitCode, Is.Zero, Log.AllText);
            Assert.That(await ScalarAsync("""SELECT COUNT(*) FROM "Items" """), Is.EqualTo(5));
            Assert.That(await SchemaAsync(), Is.EqualTo(schemaBefore), "a table created after the backup is gone too");
        });
    }

    [Test]
    public async Task Restore_refuses_a_backup_it_cannot_read_and_changes_nothing()
    {
        await Database.MigrateAsync();
        await AddItemsAsync("kept", 4);
        var backup = Path.Combine(Database.WorkDirectory, "garbage.backup");
        await File.WriteAllTextAsync(backup, "not a backup");

        var exitCode = await RestoreCommand.RunAsync(Database.Settings, backup, SearchPath, Loggers, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(exitCode, Is.EqualTo(1), Log.AllText);
            Assert.That(Log.AllText, Does.Contain("failed"));
            Assert.That(await ScalarAsync("""SELECT COUNT(*) FROM "Items" """), Is.EqualTo(4));
        });
    }

    private async Task PrepareDatabaseWhoseSecondMigrationFailsAsync()
    {
        // The data before this deploy, and the history table EF Core would create, with a trigger refusing the second migration.
        CatalogDatabase.EnsureStorage(Database.Settings);
        if (Provider == TestProvider.Postgres)
        {
            await ExecuteAsync($"""
                CREATE TABLE "Suppliers" ("Id" integer PRIMARY KEY, "Name" text NOT NULL);
                INSERT INTO "Suppliers" VALUES (1, 'a'), (2, 'b'), (3, 'c');
                CREATE TABLE "__EFMigrationsHistory" ("MigrationId" character varying(150) NOT NULL, "ProductVersion" character varying(32) NOT NULL,
                    CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId"));
                CREATE FUNCTION reject_second() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'test: the second migration fails'; END $$;
                CREATE TRIGGER reject_second BEFORE INSERT ON "__EFMigrationsHistory" FOR EACH ROW
                    WHEN (NEW."MigrationId" = '{SecondMigration}') EXECUTE FUNCTION reject_second();
                """);
            return;
        }

        await ExecuteAsync($"""
            CREATE TABLE "Suppliers" ("Id" INTEGER PRIMARY KEY, "Name" TEXT NOT NULL);
            INSERT INTO "Suppliers" VALUES (1, 'a'), (2, 'b'), (3, 'c');
            CREATE TABLE "__EFMigrationsHistory" ("MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY, "ProductVersion" TEXT NOT NULL);
            CREATE TRIGGER reject_second BEFORE INSERT ON "__EFMigrationsHistory" WHEN NEW."MigrationId" = '{SecondMigration}'
            BEGIN SELECT RAISE(ABORT, 'test: the second migration fails'); END;
            """);
    }

    private async Task AddItemsAsync(string prefix, int count)
    {
        await using var db = Database.CreateContext();
        for (var index = 0; index < count; index++)
        {
            db.Items.Add(new Item { Sku = $"{prefix}-{index}", Name = prefix, Price = 1m, Stock = index, CreatedAt = DateTimeOffset.UtcNow });
        }

        await db.SaveChangesAsync();
    }

    /// <summary>PostgreSQL: pg_dump --schema-only (tables, columns, constraints, functions, triggers); SQLite: sqlite_master.</summary>
    private async Task<string> SchemaAsync()
    {
        if (Provider == TestProvider.Sqlite)
        {
            await using var connection = new SqliteConnection(Database.Settings.ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master ORDER BY type, name";
            var lines = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }

            return string.Join('\n', lines);
        }

        var target = new NpgsqlConnectionStringBuilder(Database.Settings.ConnectionString);
        var startInfo = new ProcessStartInfo("pg_dump") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--schema-only", $"--host={target.Host}", $"--port={target.Port}", $"--username={target.Username}", $"--dbname={target.Database}" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["PGPASSWORD"] = target.Password;
        using var process = Process.Start(startInfo)!;
        var errors = process.StandardError.ReadToEndAsync();
        var schema = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, "pg_dump --schema-only: " + await errors);
        // pg_dump 15.14+ brackets the script with \restrict <random key>: not part of the schema.
        return string.Join('\n', schema.Split('\n').Where(line => !line.StartsWith("\\restrict", StringComparison.Ordinal) && !line.StartsWith("\\unrestrict", StringComparison.Ordinal)));
    }

    private async Task<long> ScalarAsync(string sql)
    {
        if (Provider == TestProvider.Sqlite)
        {
            await using var connection = new SqliteConnection(Database.Settings.ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        await using var pg = new NpgsqlConnection(Database.Settings.ConnectionString);
        await pg.OpenAsync();
        await using var query = new NpgsqlCommand(sql, pg);
        return Convert.ToInt64(await query.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task ExecuteAsync(string sql)
    {
        if (Provider == TestProvider.Sqlite)
        {
            await using var connection = new SqliteConnection(Database.Settings.ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
            return;
        }

        await using var pg = new NpgsqlConnection(Database.Settings.ConnectionString);
        await pg.OpenAsync();
        await using var query = new NpgsqlCommand(sql, pg);
        await query.ExecuteNonQueryAsync();
    }
}
