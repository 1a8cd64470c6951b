using System.Diagnostics;
using Catalog.Api.Commands;
using Catalog.Api.Items;
using Catalog.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Slipway.Testing;

namespace Catalog.Api.Tests.Data;

[TestFixtureSource(typeof(TestProviders), nameof(TestProviders.All))]
public sealed class BackupTests(TestProvider provider) : CommandOnDatabasePerTest(provider)
{
    [Test]
    public async Task A_backup_restores_to_the_same_items()
    {
        await Database.MigrateAsync();
        await AddItemsAsync(3);
        var target = Path.Combine(Database.WorkDirectory, "backups", "before-deploy.bak");

        var exitCode = await BackupCommand.RunAsync(Database.Settings, target, Environment.GetEnvironmentVariable("PATH"), Loggers, CancellationToken.None);

        Assert.That(exitCode, Is.Zero, Log.AllText);
        Assert.That(await CountRestoredItemsAsync(target), Is.EqualTo(3));
    }

    [Test]
    public async Task An_existing_backup_is_never_overwritten()
    {
        await Database.MigrateAsync();
        var target = Path.Combine(Database.WorkDirectory, "kept.bak");
        await File.WriteAllTextAsync(target, "previous backup");

        var exitCode = await BackupCommand.RunAsync(Database.Settings, target, Environment.GetEnvironmentVariable("PATH"), Loggers, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(exitCode, Is.EqualTo(1));
            Assert.That(await File.ReadAllTextAsync(target), Is.EqualTo("previous backup"));
            Assert.That(Log.AllText, Does.Contain("already exists"));
        });
    }

    [Test]
    public async Task A_failed_backup_leaves_no_partial_file()
    {
        var target = Path.Combine(Database.WorkDirectory, "failed.bak");
        var settings = Provider == TestProvider.Postgres
            ? Database.Settings with { ConnectionString = $"Host=127.0.0.1;Port={FreePort.Next()};Database=x;Username=x;Password=x;Timeout=2" }
            : Database.Settings;   // never migrated: the SQLite file does not exist

        var exitCode = await BackupCommand.RunAsync(settings, target, Environment.GetEnvironmentVariable("PATH"), Loggers, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(1));
            Assert.That(File.Exists(target), Is.False);
            Assert.That(Log.AllText, Does.Contain("failed"));
        });
        if (Provider == TestProvider.Sqlite)
        {
            Assert.That(File.Exists(Database.SqliteFile), Is.False, "backup must not create the database it backs up");
        }
    }

    [Test]
    public async Task Without_pg_dump_a_postgres_backup_fails_clearly()
    {
        await Database.MigrateAsync();
        var target = Path.Combine(Database.WorkDirectory, "no-tool.bak");
        var emptyPath = Path.Combine(Database.WorkDirectory, "empty-bin");
        Directory.CreateDirectory(emptyPath);

        var exitCode = await BackupCommand.RunAsync(Database.Settings, target, emptyPath, Loggers, CancellationToken.None);

        if (Provider == TestProvider.Postgres)
        {
            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.EqualTo(1));
                Assert.That(Log.AllText, Does.Contain("pg_dump was not found on PATH"));
            });
        }
        else
        {
            Assert.That(exitCode, Is.Zero, "SQLite backups need no external tool: " + Log.AllText);
        }
    }

    private async Task AddItemsAsync(int count)
    {
        await using var db = Database.CreateContext();
        for (var index = 0; index < count; index++)
        {
            db.Items.Add(new Item { Sku = $"B-{index}", Name = "Backed up", Price = 1m, Stock = index, CreatedAt = DateTimeOffset.UtcNow });
        }

        await db.SaveChangesAsync();
    }

    private async Task<long> CountRestoredItemsAsync(string backup)
    {
        if (Provider == TestProvider.Sqlite)
        {
            // The VACUUM INTO copy is a complete SQLite database on its own.
            await using var connection = new SqliteConnection($"Data Source={backup};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """SELECT COUNT(*) FROM "Items" """;
            return (long)(await command.ExecuteScalarAsync())!;
        }

        Assert.That(await File.ReadAllBytesAsync(backup), Has.Length.GreaterThan(5));
        Assert.That(System.Text.Encoding.ASCII.GetString((await File.ReadAllBytesAsync(backup))[..5]), Is.EqualTo("PGDMP"), "pg_dump custom format");
        var restored = await PostgresServer.CreateDatabaseAsync();
        try
        {
            await PgRestoreAsync(backup, restored);
            return await PostgresServer.CountItemsAsync(restored);
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(restored);
        }
    }

    private static async Task PgRestoreAsync(string backup, string connectionString)
    {
        var target = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var startInfo = new ProcessStartInfo("pg_restore")
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--no-owner", "--exit-on-error", $"--host={target.Host}", $"--port={target.Port}", $"--username={target.Username}", $"--dbname={target.Database}", backup })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["PGPASSWORD"] = target.Password;
        using var process = Process.Start(startInfo)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, "pg_restore failed: " + errors);
    }
}
