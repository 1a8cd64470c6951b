using Catalog.Api.Commands;
using Catalog.Api.Data;
using Catalog.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Catalog.Api.Tests.Data;

/// <summary>
/// <c>migrate --backup-to</c> whose pg_dump exits 0 but leaves a file that cannot be read back (a full disk, a dying
/// volume): the real pg_dump, wrapped by a script on the search path that cuts the file's tail off afterwards.
/// </summary>
public sealed class UnreadableBackupTests() : CommandOnDatabasePerTest(TestProvider.Postgres)
{
    [Test]
    public async Task A_backup_that_cannot_be_read_back_exits_3_applies_nothing_and_is_deleted()
    {
        CatalogDatabase.EnsureStorage(Database.Settings);
        await using (var db = Database.CreateContext())
        {
            await db.GetService<IMigrator>().MigrateAsync("20260101000000_InitialCreate");
        }

        var realPath = Environment.GetEnvironmentVariable("PATH");
        var realPgDump = PgDump.Find(realPath) ?? throw new AssertionException("pg_dump is not installed: run .ci/provision-postgres.sh");
        var wrapper = Path.Combine(Database.WorkDirectory, "bin");
        Directory.CreateDirectory(wrapper);
        var script = Path.Combine(wrapper, "pg_dump");
        await File.WriteAllTextAsync(script, $"""
            #!/bin/sh
            "{realPgDump}" "$@" || exit $?
            for argument in "$@"; do case $argument in --file=*) file=${"{"}argument#--file={"}"};; esac; done
            truncate -s -200 "$file"
            """.Replace("\r", string.Empty, StringComparison.Ordinal));
        if (OperatingSystem.IsWindows())
        {
            Assert.Fail("pg_dump's wrapper is a POSIX shell script: run this test on Linux, as CI does.");
        }
        else
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var target = Path.Combine(Database.WorkDirectory, "backups", "cut.backup");

        var exitCode = await MigrateCommand.RunAsync(
            Database.Settings, target, wrapper + Path.PathSeparator + realPath, Loggers, CancellationToken.None);

        await using var after = Database.CreateContext();
        Assert.Multiple(async () =>
        {
            Assert.That(exitCode, Is.EqualTo(3), Log.AllText);
            Assert.That(Log.AllText, Does.Contain("cannot be read back").And.Contain("nothing was migrated"));
            Assert.That(File.Exists(target), Is.False, "an unreadable backup is not left to be mistaken for a good one");
            Assert.That(await after.Database.GetAppliedMigrationsAsync(), Is.EqualTo(new[] { "20260101000000_InitialCreate" }));
        });
    }

    [Test]
    public async Task A_migration_whose_restore_fails_too_exits_5_and_names_the_backup()
    {
        // The second migration fails after the first committed (as in FailedMigrationRestoreTests); then pg_restore
        // itself fails when asked to restore (a wrapper on the search path; --list and the read-back still work).
        await Database.MigrateAsync();
        await using (var db = Database.CreateContext())
        {
            await db.GetService<IMigrator>().MigrateAsync("0");
        }

        await using (var connection = new Npgsql.NpgsqlConnection(Database.Settings.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("""
                CREATE TABLE "Suppliers" ("Id" integer PRIMARY KEY);
                CREATE FUNCTION reject_second() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'test: the second migration fails'; END $$;
                CREATE TRIGGER reject_second BEFORE INSERT ON "__EFMigrationsHistory" FOR EACH ROW
                    WHEN (NEW."MigrationId" = '20260102000000_AddItemUpdatedAt') EXECUTE FUNCTION reject_second();
                """, connection);
            await command.ExecuteNonQueryAsync();
        }

        var realPath = Environment.GetEnvironmentVariable("PATH");
        var realPgRestore = PgRestore.Find(realPath) ?? throw new AssertionException("pg_restore is not installed: run .ci/provision-postgres.sh");
        var wrapper = await WrapperAsync("pg_restore", $$"""
            #!/bin/sh
            for argument in "$@"; do [ "$argument" = --clean ] && { echo "test: the restore fails" >&2; exit 1; }; done
            exec "{{realPgRestore}}" "$@"
            """);
        var target = Path.Combine(Database.WorkDirectory, "backups", "d-6.backup");

        var exitCode = await MigrateCommand.RunAsync(Database.Settings, target, wrapper + Path.PathSeparator + realPath, Loggers, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(5), Log.AllText);
            Assert.That(Log.AllText, Does.Contain("test: the restore fails").And.Contain($"The backup taken before migrating is {target}"));
            Assert.That(File.Exists(target), Is.True, "the backup stays for the engineer who restores by hand");
        });
    }

    private async Task<string> WrapperAsync(string name, string script)
    {
        var directory = Path.Combine(Database.WorkDirectory, "bin-" + name);
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, name);
        await File.WriteAllTextAsync(file, script.Replace("\r", string.Empty, StringComparison.Ordinal));
        if (OperatingSystem.IsWindows())
        {
            Assert.Fail("the wrapper is a POSIX shell script: run this test on Linux, as CI does.");
        }
        else
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return directory;
    }
}
