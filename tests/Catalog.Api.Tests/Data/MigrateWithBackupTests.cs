using Catalog.Api.Commands;
using Catalog.Api.Data;
using Catalog.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Catalog.Api.Tests.Data;

/// <summary>
/// <c>migrate --backup-to &lt;file&gt;</c>, the deploy's one container: a backup, then the migrations, in one process —
/// and only a backup when there is something to apply and something to back up.
/// </summary>
[TestFixtureSource(typeof(TestProviders), nameof(TestProviders.All))]
public sealed class MigrateWithBackupTests(TestProvider provider) : CommandOnDatabasePerTest(provider)
{
    private const string InitialCreate = "20260101000000_InitialCreate";
    private const string AddItemUpdatedAt = "20260102000000_AddItemUpdatedAt";

    [Test]
    public async Task A_pending_migration_is_applied_after_a_backup_of_the_database_as_it_was()
    {
        await MigrateToInitialCreateAsync();
        var target = Path.Combine(Database.WorkDirectory, "backups", "d-1.backup");

        var exitCode = await RunAsync(target);

        Assert.Multiple(async () =>
        {
            Assert.That(exitCode, Is.Zero, Log.AllText);
            Assert.That(await AppliedAsync(), Is.EqualTo(new[] { InitialCreate, AddItemUpdatedAt }));
            Assert.That(Log.AllText, Does.Contain($"to {target}").And.Contain("Applying 1 migration(s)"));
            Assert.That(Log.AllText.IndexOf("Backed up", StringComparison.Ordinal),
                Is.GreaterThanOrEqualTo(0).And.LessThan(Log.AllText.IndexOf("Applying", StringComparison.Ordinal)), "the backup comes first");
        });
        Assert.That(await BackedUpMigrationsAsync(target), Is.EqualTo(1), "the backup holds the schema before the migration");
    }

    [Test]
    public async Task Nothing_pending_needs_no_backup_and_writes_no_file()
    {
        await Database.MigrateAsync();
        var target = Path.Combine(Database.WorkDirectory, "backups", "d-2.backup");

        var exitCode = await RunAsync(target);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, Log.AllText);
            Assert.That(File.Exists(target), Is.False);
            Assert.That(Log.AllText, Does.Contain("up to date").And.Contain("No backup needed"));
        });
    }

    [Test]
    public async Task A_database_that_does_not_exist_yet_has_nothing_to_back_up_and_is_created_by_migrating()
    {
        // SQLite: the fixture's file was never created. PostgreSQL: a database name the server does not have yet.
        var settings = Provider == TestProvider.Postgres
            ? Database.Settings with { ConnectionString = PostgresServer.ConnectionStringFor("catalog_test_new_" + Guid.NewGuid().ToString("N")[..12]) }
            : Database.Settings;
        var target = Path.Combine(Database.WorkDirectory, "backups", "d-3.backup");
        try
        {
            var exitCode = await MigrateCommand.RunAsync(settings, target, Environment.GetEnvironmentVariable("PATH"), Loggers, CancellationToken.None);

            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.Zero, Log.AllText);
                Assert.That(File.Exists(target), Is.False);
                Assert.That(Log.AllText, Does.Contain("does not exist yet: nothing to back up").And.Contain("Applied 2 migration(s)"));
            });
        }
        finally
        {
            if (Provider == TestProvider.Postgres)
            {
                await PostgresServer.DropDatabaseAsync(settings.ConnectionString);
            }
        }
    }

    [Test]
    public async Task A_failed_backup_exits_3_and_applies_nothing()
    {
        await MigrateToInitialCreateAsync();
        var target = Path.Combine(Database.WorkDirectory, "kept.backup");
        await File.WriteAllTextAsync(target, "an earlier deploy's backup");

        var exitCode = await RunAsync(target);

        Assert.Multiple(async () =>
        {
            Assert.That(exitCode, Is.EqualTo(3), Log.AllText);
            Assert.That(await File.ReadAllTextAsync(target), Is.EqualTo("an earlier deploy's backup"), "never overwritten");
            Assert.That(await AppliedAsync(), Is.EqualTo(new[] { InitialCreate }), "nothing was migrated");
            Assert.That(Log.AllText, Does.Contain("already exists").And.Contain("nothing was migrated"));
        });
    }

    [Test]
    public async Task Without_pg_dump_a_postgres_migration_exits_3_and_applies_nothing()
    {
        await MigrateToInitialCreateAsync();
        var target = Path.Combine(Database.WorkDirectory, "no-tool.backup");
        var emptyPath = Path.Combine(Database.WorkDirectory, "empty-bin");
        Directory.CreateDirectory(emptyPath);

        var exitCode = await MigrateCommand.RunAsync(Database.Settings, target, emptyPath, Loggers, CancellationToken.None);

        if (Provider == TestProvider.Postgres)
        {
            Assert.Multiple(async () =>
            {
                Assert.That(exitCode, Is.EqualTo(3), Log.AllText);
                Assert.That(Log.AllText, Does.Contain("pg_dump was not found on PATH"));
                Assert.That(File.Exists(target), Is.False);
                Assert.That(await AppliedAsync(), Is.EqualTo(new[] { InitialCreate }));
            });
        }
        else
        {
            Assert.That(exitCode, Is.Zero, "SQLite backups need no external tool: " + Log.AllText);
            Assert.That(File.Exists(target), Is.True);
        }
    }

    [Test]
    public async Task A_failed_migration_exits_1_and_says_where_the_backup_is()
    {
        await MigrateToInitialCreateAsync();
        await using (var db = Database.CreateContext())
        {
            // The column the second migration adds is already there (a hand-made change): the migration fails.
            await db.Database.ExecuteSqlRawAsync("""ALTER TABLE "Items" ADD COLUMN "UpdatedAt" TEXT NULL""");
        }

        var target = Path.Combine(Database.WorkDirectory, "backups", "d-4.backup");

        var exitCode = await RunAsync(target);

        Assert.Multiple(async () =>
        {
            Assert.That(exitCode, Is.EqualTo(1), Log.AllText);
            Assert.That(File.Exists(target), Is.True);
            Assert.That(Log.AllText, Does.Contain("Migrating").And.Contain("failed").And.Contain($"The backup taken before migrating is {target}"));
            Assert.That(await AppliedAsync(), Is.EqualTo(new[] { InitialCreate }));
        });
    }

    private Task<int> RunAsync(string target) =>
        MigrateCommand.RunAsync(Database.Settings, target, Environment.GetEnvironmentVariable("PATH"), Loggers, CancellationToken.None);

    private async Task MigrateToInitialCreateAsync()
    {
        // The database as the previous version left it: only the first migration.
        CatalogDatabase.EnsureStorage(Database.Settings);
        await using var db = Database.CreateContext();
        await db.GetService<IMigrator>().MigrateAsync(InitialCreate);
    }

    private async Task<IReadOnlyList<string>> AppliedAsync()
    {
        await using var db = Database.CreateContext();
        return [.. await db.Database.GetAppliedMigrationsAsync()];
    }

    private async Task<long> BackedUpMigrationsAsync(string backup)
    {
        if (Provider == TestProvider.Sqlite)
        {
            await using var connection = new SqliteConnection($"Data Source={backup};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """SELECT COUNT(*) FROM "__EFMigrationsHistory" """;
            return (long)(await command.ExecuteScalarAsync())!;
        }

        // pg_dump's custom format (compressed): pg_restore without a database prints it as SQL; BackupTests restores one.
        Assert.That(System.Text.Encoding.ASCII.GetString((await File.ReadAllBytesAsync(backup))[..5]), Is.EqualTo("PGDMP"));
        var startInfo = new System.Diagnostics.ProcessStartInfo("pg_restore") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--data-only", "--file=-", backup })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(startInfo)!;
        var errors = process.StandardError.ReadToEndAsync();
        var script = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, "pg_restore failed: " + await errors);
        return (script.Contains(InitialCreate, StringComparison.Ordinal) ? 1 : 0) + (script.Contains(AddItemUpdatedAt, StringComparison.Ordinal) ? 1 : 0);
    }
}
