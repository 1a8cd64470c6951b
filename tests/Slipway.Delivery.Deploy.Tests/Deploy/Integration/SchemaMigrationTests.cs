using Slipway.Delivery.Deploy;
using Slipway.Delivery.Tests.Docker;

namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>
/// Backups and migrations on the real engine: skipped when the image's schema fingerprint is the one last migrated
/// to, run when it changed or with --always-migrate, and old backups pruned with the retention.
/// </summary>
[NonParallelizable]
public class SchemaMigrationTests
{
    private IReadOnlyDictionary<string, string> images = null!;

    [OneTimeSetUp]
    public async Task BuildImagesAsync() => images = await DeployTestImages.StandInsAsync();

    [TestCase(false, TestName = "An unchanged schema skips backup and migrations, a changed one or always-migrate runs them in one container, old backups go")]
    [TestCase(true, TestName = "An unchanged schema skips backup and migrations, a changed one or always-migrate runs a separate backup then the migration, old backups go")]
    public async Task An_unchanged_schema_skips_backup_and_migrations_a_changed_one_or_always_migrate_runs_them_and_old_backups_go(bool separateBackup)
    {
        await using var environment = await TestEnvironment.CreateAsync(e => separateBackup
            ? e with { BakeWindow = TimeSpan.Zero, RetainedVersions = 1, MigrateCommand = ["migrate"], BackupCommand = ["backup", "--to", "{file}"] }
            : e with { BakeWindow = TimeSpan.Zero, RetainedVersions = 1 });
        TestLog.Clear();
        var v1 = await environment.DeployAsync(images["v1"]);
        var firstLog = TestLog.Messages.ToList();

        TestLog.Clear();
        var v2 = await environment.DeployAsync(images["v2"]);
        var skipLog = TestLog.Messages.ToList();
        var forced = await environment.DeployAsync(images["v1"], alwaysMigrate: true);
        TestLog.Clear();
        var v3 = await environment.DeployAsync(images["v3"]);
        var migrateLog = TestLog.Messages.ToList();

        var migrations = await VolumeFileAsync(environment, "migrations");
        var backups = await VolumeFileAsync(environment, "backups");
        Assert.Multiple(() =>
        {
            Assert.That(skipLog, Has.Some.Contains("schema unchanged since 1.0.0 (fingerprint aaaa00000000): no backup, no migration"));
            Assert.That(skipLog.Where(IsCommand), Has.None.Contains($"slipway-{environment.Name}-backup-").And.None.Contains($"slipway-{environment.Name}-migrate-"),
                "no one-off container ran");
            Assert.That((v1.Record.Migrated, v2.Record.Migrated, forced.Record.Migrated, v3.Record.Migrated), Is.EqualTo(((bool?)true, (bool?)false, (bool?)true, (bool?)true)));
            Assert.That((v2.Record.Backup, v2.Record.Schema), Is.EqualTo(((string?)null, (string?)StandInApp.SchemaA)));
            Assert.That(v2.Record.Message, Does.Contain("schema unchanged since 1.0.0"), "the record and the summary say why");
            Assert.That(migrateLog, Has.Some.Contains("schema changed (fingerprint bbbb00000000; last migrated to aaaa00000000 by 1.0.0)"));
            Assert.That(migrateLog.Where(IsCommand).Count(c => c.Contains($"slipway-{environment.Name}-backup-", StringComparison.Ordinal)), Is.EqualTo(separateBackup ? 1 : 0),
                separateBackup ? "the separate backup command ran in its own container" : "no separate backup container");
            Assert.That(migrateLog.Where(IsCommand).Where(c => c.Contains($"slipway-{environment.Name}-migrate-", StringComparison.Ordinal)),
                separateBackup ? Has.One.Not.Contains("--backup-to") : Has.One.Contains($"migrate --backup-to /app/data/backups/{v3.Record.Id}.backup"));
            Assert.That(v1.Record.Backup, Is.Null, "the first deploy had no data to back up");
            Assert.That(firstLog, separateBackup ? Has.None.Contains("nothing to back up") : Has.Some.Contains("standin 1.0.0: no data yet: nothing to back up"),
                "with one container the app itself decides there is nothing to back up yet");
            Assert.That(migrations.Split('\n'), Is.EqualTo(new[] { "1.0.0", "1.0.0", "3.0.0" }), "migrated by 1.0.0, again by --always-migrate, then by 3.0.0");
            Assert.That(forced.Record.Backup, Is.Not.Null);
            Assert.That(backups.Split('\n'), Is.EqualTo(new[] { BackupRetention.FileName(v3.Record.Backup!) }),
                "RetainedVersions 1: the backup of the --always-migrate deploy was pruned, 3.0.0's kept");
        });
    }

    private static bool IsCommand(string message) => message.StartsWith("> ", StringComparison.Ordinal);

    /// <summary>The content of a file in the environment's data volume, or the listing of a folder there.</summary>
    private static async Task<string> VolumeFileAsync(TestEnvironment environment, string path) =>
        await environment.DockerAsync(DataVolumeRead.Arguments(environment.Name, path));
}
