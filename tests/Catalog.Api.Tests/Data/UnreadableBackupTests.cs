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
}
