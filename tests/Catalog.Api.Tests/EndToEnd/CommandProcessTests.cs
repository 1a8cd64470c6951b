using Catalog.Api.Data;
using Catalog.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Slipway.Testing;

namespace Catalog.Api.Tests.EndToEnd;

/// <summary>The commands the deploy stage runs, through the real binary: exit codes and output are the contract.</summary>
public sealed class CommandProcessTests() : DatabasePerTest(TestProvider.Sqlite)
{
    [Test]
    public async Task Migrate_exits_0_and_again_0_when_up_to_date()
    {
        await using var first = await ServiceProcess.RunAsync(["migrate"], ServiceEnvironment.For(Database, null));
        await using var second = await ServiceProcess.RunAsync(["migrate"], ServiceEnvironment.For(Database, null));

        Assert.Multiple(() =>
        {
            Assert.That(first.ExitCode, Is.Zero, first.AllOutput);
            Assert.That(first.AllOutput, Does.Contain("Applying 2 migration(s)"));
            Assert.That(second.ExitCode, Is.Zero, second.AllOutput);
            Assert.That(second.AllOutput, Does.Contain("up to date"));
        });
    }

    [Test]
    public async Task Backup_exits_0_and_writes_a_sqlite_copy()
    {
        await Database.MigrateAsync();
        var target = Path.Combine(Database.WorkDirectory, "backups", "catalog.db");

        await using var backup = await ServiceProcess.RunAsync(["backup", "--to", target], ServiceEnvironment.For(Database, null));

        Assert.That(backup.ExitCode, Is.Zero, backup.AllOutput);
        await using var copy = new SqliteConnection($"Data Source={target};Mode=ReadOnly;Pooling=False");
        await copy.OpenAsync();
        await using var command = copy.CreateCommand();
        command.CommandText = """SELECT COUNT(*) FROM "__EFMigrationsHistory" """;
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo(2));
    }

    [Test]
    public async Task Migrate_with_a_backup_exits_3_when_the_backup_fails_0_after_backing_up_and_writes_nothing_when_up_to_date()
    {
        await MigrateToFirstAsync();
        var existing = Path.Combine(Database.WorkDirectory, "earlier.backup");
        await File.WriteAllTextAsync(existing, "earlier");
        var target = Path.Combine(Database.WorkDirectory, "backups", "d-1.backup");
        var unused = Path.Combine(Database.WorkDirectory, "backups", "d-2.backup");

        await using var refused = await ServiceProcess.RunAsync(["migrate", "--backup-to", existing], ServiceEnvironment.For(Database, null));
        await using var migrated = await ServiceProcess.RunAsync(["migrate", $"--backup-to={target}"], ServiceEnvironment.For(Database, null));
        await using var upToDate = await ServiceProcess.RunAsync(["migrate", "--backup-to", unused], ServiceEnvironment.For(Database, null));

        Assert.Multiple(async () =>
        {
            Assert.That(refused.ExitCode, Is.EqualTo(3), refused.AllOutput);
            Assert.That(refused.AllOutput, Does.Contain("already exists").And.Contain("nothing was migrated"));
            Assert.That(await File.ReadAllTextAsync(existing), Is.EqualTo("earlier"));
            Assert.That(migrated.ExitCode, Is.Zero, migrated.AllOutput);
            Assert.That(migrated.AllOutput, Does.Contain("Backed up").And.Contain("Applying 1 migration(s)"));
            Assert.That(File.Exists(target), Is.True);
            Assert.That(upToDate.ExitCode, Is.Zero, upToDate.AllOutput);
            Assert.That(upToDate.AllOutput, Does.Contain("No backup needed"));
            Assert.That(File.Exists(unused), Is.False);
        });
    }

    [Test]
    public async Task Usage_errors_exit_2_without_touching_the_database()
    {
        await using var noTarget = await ServiceProcess.RunAsync(["backup"], ServiceEnvironment.For(Database, null));
        await using var extra = await ServiceProcess.RunAsync(["migrate", "--force"], ServiceEnvironment.For(Database, null));
        await using var noBackupFile = await ServiceProcess.RunAsync(["migrate", "--backup-to"], ServiceEnvironment.For(Database, null));

        Assert.Multiple(() =>
        {
            Assert.That(noTarget.ExitCode, Is.EqualTo(2));
            Assert.That(noTarget.AllOutput, Does.Contain("usage: backup --to <file>"));
            Assert.That(extra.ExitCode, Is.EqualTo(2));
            Assert.That(noBackupFile.ExitCode, Is.EqualTo(2));
            Assert.That(noBackupFile.AllOutput, Does.Contain("usage: migrate [--backup-to <file>]"));
            Assert.That(File.Exists(Database.SqliteFile), Is.False);
        });
    }

    [Test]
    public async Task Worker_refuses_bad_settings_with_exit_2_and_stops_on_SIGTERM_with_exit_0_after_filling_what_it_found()
    {
        await Database.MigrateAsync();
        await using (var db = Database.CreateContext())
        {
            // A row as a version that predates UpdatedAt writes it.
            await db.Database.ExecuteSqlRawAsync(
                """INSERT INTO "Items" ("Sku", "Name", "Price", "Stock", "CreatedAt") VALUES ('OLD', 'Old', 1.25, 2, '2026-03-04 05:06:07+00:00')""");
        }

        await using var refused = await ServiceProcess.RunAsync(["worker"], ServiceEnvironment.For(Database, null, ("WORKER_BATCH_SIZE", "0")));
        await using var worker = ServiceProcess.Start(["worker"], ServiceEnvironment.For(Database, null, ("WORKER_INTERVAL_SECONDS", "0.2")));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!worker.AllOutput.Contains("Filled UpdatedAt of 1 item(s)", StringComparison.Ordinal) && !worker.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        worker.Terminate();
        var exitCode = await worker.WaitForExitAsync();

        Assert.Multiple(() =>
        {
            Assert.That(refused.ExitCode, Is.EqualTo(2), refused.AllOutput);
            Assert.That(refused.AllOutput, Does.Contain("WORKER_BATCH_SIZE must be a whole number from 1 to 10000"));
            Assert.That(exitCode, Is.Zero, worker.AllOutput);
            Assert.That(worker.AllOutput, Does.Contain("Filled UpdatedAt of 1 item(s)").And.Contain("Worker stopped: 1 item(s) filled"));
        });
    }

    [Test]
    public async Task Migrate_with_a_wrong_password_exits_1_and_never_prints_the_password()
    {
        const string canary = "Canary-Pa55word-7d1f";
        var server = new Npgsql.NpgsqlConnectionStringBuilder(PostgresServer.AdminConnectionString);
        var environment = new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = $"postgres://{server.Username}:{canary}@{server.Host}:{server.Port}/postgres",
        };

        await using var migrate = await ServiceProcess.RunAsync(["migrate"], environment);

        Assert.Multiple(() =>
        {
            Assert.That(migrate.ExitCode, Is.EqualTo(1), migrate.AllOutput);
            Assert.That(migrate.AllOutput, Does.Contain("password authentication failed"));
            Assert.That(migrate.AllOutput, Does.Not.Contain(canary));
        });
    }

    [Test]
    public async Task Invalid_configuration_stops_the_server_with_exit_2_and_a_clear_message()
    {
        await using var badPort = await ServiceProcess.RunAsync([], ServiceEnvironment.For(Database, null, ("ASPNETCORE_HTTP_PORTS", "http")));
        await using var migrateInProduction = await ServiceProcess.RunAsync([], ServiceEnvironment.For(Database, null,
            ("ASPNETCORE_HTTP_PORTS", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Database__MigrateOnStartup", "true")));
        await using var badUrl = await ServiceProcess.RunAsync(["migrate"], new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = "mysql://root:Canary-Url-Secret@db/catalog",
        });

        Assert.Multiple(() =>
        {
            Assert.That(badPort.ExitCode, Is.EqualTo(2));
            Assert.That(badPort.AllOutput, Does.Contain("invalid configuration").And.Contain("ASPNETCORE_HTTP_PORTS").And.Contain("'http'"));
            Assert.That(migrateInProduction.ExitCode, Is.EqualTo(2));
            Assert.That(migrateInProduction.AllOutput, Does.Contain("Database__MigrateOnStartup cannot be true in Production"));
            Assert.That(badUrl.ExitCode, Is.EqualTo(2));
            Assert.That(badUrl.AllOutput, Does.Contain("DATABASE_URL").And.Not.Contain("Canary-Url-Secret"));
        });
    }

    [Test]
    public async Task A_port_in_use_fails_the_server_with_exit_1()
    {
        await Database.MigrateAsync();
        using var occupant = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, 0);
        occupant.Start();
        var port = ((System.Net.IPEndPoint)occupant.LocalEndpoint).Port;

        await using var server = await ServiceProcess.RunAsync([], ServiceEnvironment.For(Database, port));

        Assert.Multiple(() =>
        {
            Assert.That(server.ExitCode, Is.EqualTo(1));
            Assert.That(server.AllOutput, Does.Contain("stopped unexpectedly"));
        });
    }

    /// <summary>The database as the previous version left it: the first migration only.</summary>
    private async Task MigrateToFirstAsync()
    {
        CatalogDatabase.EnsureStorage(Database.Settings);
        await using var db = Database.CreateContext();
        await db.GetService<IMigrator>().MigrateAsync("20260101000000_InitialCreate");
    }
}
