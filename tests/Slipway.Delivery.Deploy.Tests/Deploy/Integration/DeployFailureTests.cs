using Slipway.Delivery.Deploy;
using Slipway.Delivery.Tests.Docker;
using Slipway.Engine;
using Slipway.Testing;

namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>Versions that must not take (or keep) traffic, on the real engine: stand-in images that misbehave on purpose.</summary>
[NonParallelizable]
public class DeployFailureTests
{
    private IReadOnlyDictionary<string, string> images = null!;

    [OneTimeSetUp]
    public async Task BuildImagesAsync() => images = await DeployTestImages.StandInsAsync();

    [Test]
    public async Task A_version_whose_readiness_never_passes_exits_10_leaving_the_old_version_serving_and_no_new_container()
    {
        await using var environment = await TestEnvironment.CreateAsync(e => e with { DeployTimeout = TimeSpan.FromSeconds(5) });
        await environment.DeployAsync(images["v1"], e => e with { BakeWindow = TimeSpan.Zero });
        await using var load = new HttpLoadGenerator(environment.Url, concurrency: 4);
        await load.WaitForAnswersAsync("1.0.0", 50);

        var failure = Assert.ThrowsAsync<BuildFailedException>(() => environment.DeployAsync(images["never-ready"]))!;
        // The old version still answers after the aborted deploy: 50 more of its answers, counted from here.
        await load.WaitForAnswersAsync("1.0.0", load.Versions.GetValueOrDefault("1.0.0") + 50);
        await load.StopAsync();

        var snapshot = await environment.SnapshotAsync();
        TestContext.Out.WriteLine(failure.Message);
        TestContext.Out.WriteLine(load.Describe());
        Assert.Multiple(() =>
        {
            Assert.That(failure.ExitCode, Is.EqualTo(ExitCodes.DeployAborted));
            Assert.That(failure.Message, Does.Contain("did not pass 3 consecutive readiness checks of /health/ready within 5 s"));
            Assert.That(failure.Message, Does.Contain("standin 5.0.0-never-ready listening"), "the new container's last log lines");
            Assert.That(load.Failures, Is.Empty, "the old version served every request throughout");
            Assert.That(load.Answers.Select(a => a.Body).Distinct(), Is.EqualTo(new[] { "1.0.0" }));
            Assert.That(snapshot.Containers.Select(c => c.Version), Is.EqualTo(new[] { "1.0.0" }), "no new container is left");
            Assert.That(snapshot.Live!.Version, Is.EqualTo("1.0.0"));
            Assert.That(snapshot.Records[^1].Result, Is.EqualTo(DeployResults.Aborted));
            Assert.That(snapshot.Records[^1].Version, Is.EqualTo("5.0.0-never-ready"));
        });
    }

    [Test]
    public async Task A_version_that_crashes_at_start_exits_10_at_once_with_its_output()
    {
        await using var environment = await TestEnvironment.CreateAsync();
        await environment.DeployAsync(images["v1"], e => e with { BakeWindow = TimeSpan.Zero });

        var failure = Assert.ThrowsAsync<BuildFailedException>(() => environment.DeployAsync(images["crash"]))!;

        var snapshot = await environment.SnapshotAsync();
        Assert.Multiple(() =>
        {
            Assert.That(failure.ExitCode, Is.EqualTo(ExitCodes.DeployAborted));
            Assert.That(failure.Message, Does.Match("(exited with code 3|crashed \\(Docker restarted it) .*before it was ready").And.Contains("configuration is invalid"));
            Assert.That(snapshot.Containers.Select(c => c.Version), Is.EqualTo(new[] { "1.0.0" }));
        });
        Assert.That(await environment.ServedVersionAsync(), Is.EqualTo("1.0.0"));
    }

    [TestCase(false, TestName = "A failed migration exits 10 and says where the backup taken before it in the same container is")]
    [TestCase(true, TestName = "A failed migration exits 10 and says where the backup taken by the separate backup command is")]
    public async Task A_failed_migration_exits_10_and_says_where_the_backup_taken_before_it_is(bool separateBackup)
    {
        await using var environment = await TestEnvironment.CreateAsync(e => separateBackup
            ? e with { MigrateCommand = ["migrate"], BackupCommand = ["backup", "--to", "{file}"] }
            : e);
        await environment.DeployAsync(images["v1"], e => e with { BakeWindow = TimeSpan.Zero });

        TestLog.Clear();
        var failure = Assert.ThrowsAsync<BuildFailedException>(() => environment.DeployAsync(images["bad-migration"]))!;
        var commands = TestLog.Messages.Where(m => m.StartsWith("> ", StringComparison.Ordinal)).ToList();

        var record = (await environment.RecordsAsync())[^1];
        var backup = record.Backup!.Split(':', 2);
        var content = await environment.DockerAsync("run", "--rm", "--network", "none", "--mount", $"type=volume,source={backup[0]},target=/data",
            "--entrypoint", "cat", Slipway.Delivery.LocalInfra.StandInImages.HaProxy, "/data" + backup[1]["/app/data".Length..]);
        Assert.Multiple(() =>
        {
            Assert.That(failure.ExitCode, Is.EqualTo(ExitCodes.DeployAborted));
            Assert.That(failure.Message, Does.Contain($"The backup taken just before is {record.Backup}").And.Contains("migration 42 failed"));
            Assert.That(record.Result, Is.EqualTo(DeployResults.Aborted));
            Assert.That(content, Is.EqualTo("1.0.0"), "the backup holds the data as it was before the failed migration");
            Assert.That(commands.Count(c => c.Contains($"slipway-{environment.Name}-backup-", StringComparison.Ordinal)), Is.EqualTo(separateBackup ? 1 : 0),
                separateBackup ? "the separate backup command ran in its own container" : "one container backed up and migrated");
            Assert.That(commands, Has.One.Contains($"slipway-{environment.Name}-migrate-"));
        });
        Assert.That(await environment.ServedVersionAsync(), Is.EqualTo("1.0.0"));
    }

    [Test]
    public async Task A_failed_backup_in_the_migration_container_exits_10_migrates_nothing_and_records_no_backup()
    {
        await using var environment = await TestEnvironment.CreateAsync();
        await environment.DeployAsync(images["v1"], e => e with { BakeWindow = TimeSpan.Zero });

        var failure = Assert.ThrowsAsync<BuildFailedException>(() => environment.DeployAsync(images["bad-backup"]))!;

        var snapshot = await environment.SnapshotAsync();
        var migrations = await environment.DockerAsync("run", "--rm", "--network", "none", "--mount",
            $"type=volume,source={DeployNames.DataVolume(environment.Name)},target=/data", "--entrypoint", "sh", Slipway.Delivery.LocalInfra.StandInImages.HaProxy,
            "-c", "cat /data/migrations; ls /data/backups 2>/dev/null || true");
        Assert.Multiple(() =>
        {
            Assert.That(failure.ExitCode, Is.EqualTo(ExitCodes.DeployAborted));
            Assert.That(failure.Message, Does.StartWith("The backup before migrating failed (exit 3); nothing was migrated and 1.0.0 keeps serving untouched.")
                .And.Contains("no space left on device"));
            Assert.That(snapshot.Records[^1].Result, Is.EqualTo(DeployResults.Aborted));
            Assert.That(snapshot.Records[^1].Backup, Is.Null, "no backup was written");
            Assert.That(migrations.Trim(), Is.EqualTo("1.0.0"), "only 1.0.0's migration ran; no backup file either");
            Assert.That(snapshot.Containers.Select(c => c.Version), Is.EqualTo(new[] { "1.0.0" }), "the new container is removed");
        });
        Assert.That(await environment.ServedVersionAsync(), Is.EqualTo("1.0.0"));
    }

    [TestCase(true, TestName = "A migration that fails after another committed and is restored by the app exits 10, records the restore and serves the old version")]
    [TestCase(false, TestName = "A migration whose restore fails too exits 13, records the failed restore and serves the old version")]
    public async Task A_migration_failing_after_another_committed_is_restored_or_exits_13(bool restored)
    {
        await using var environment = await TestEnvironment.CreateAsync();
        await environment.DeployAsync(images["v1"], e => e with { BakeWindow = TimeSpan.Zero });

        var failure = Assert.ThrowsAsync<BuildFailedException>(() => environment.DeployAsync(images[restored ? "restored-migration" : "unrestorable-migration"]))!;

        var snapshot = await environment.SnapshotAsync();
        var record = snapshot.Records[^1];
        var data = await environment.DockerAsync("run", "--rm", "--network", "none", "--mount",
            $"type=volume,source={DeployNames.DataVolume(environment.Name)},target=/data", "--entrypoint", "cat", Slipway.Delivery.LocalInfra.StandInImages.HaProxy, "/data/migrations");
        Assert.Multiple(() =>
        {
            Assert.That(failure.ExitCode, Is.EqualTo(restored ? ExitCodes.DeployAborted : ExitCodes.DatabaseNeedsAttention));
            Assert.That(failure.Message, restored
                ? Does.Contain($"database restored from {record.Backup}, old version 1.0.0 serving")
                : Does.StartWith("Migration failed and restore failed: database needs attention.").And.Contain("connection lost"));
            Assert.That(record.Result, Is.EqualTo(restored ? DeployResults.Aborted : DeployResults.Failed));
            Assert.That(record.RestoredFrom, Is.Not.Null.And.EqualTo(record.Backup), "the restore is in the deploy log");
            Assert.That(record.DatabaseRestored, Is.EqualTo(restored));
            Assert.That(data.Trim().Split('\n').Last(), Is.EqualTo(restored ? "1.0.0" : "7.3.0-unrestorable-migration-half"),
                restored ? "the data as it was before the deploy" : "half-migrated, as the message says");
            Assert.That(snapshot.Containers.Select(c => c.Version), Is.EqualTo(new[] { "1.0.0" }), "the new container is removed");
        });
        Assert.That(await environment.ServedVersionAsync(), Is.EqualTo("1.0.0"));
    }

    [Test]
    public async Task A_version_answering_5xx_after_the_switch_is_switched_back_exits_11_and_is_stopped()
    {
        await using var environment = await TestEnvironment.CreateAsync(e => e with { BakeWindow = TimeSpan.FromSeconds(10) });
        await environment.DeployAsync(images["v1"], e => e with { BakeWindow = TimeSpan.Zero });
        await using var load = new HttpLoadGenerator(environment.Url, concurrency: 4);
        await load.WaitForAnswersAsync("1.0.0", 50);

        var failure = Assert.ThrowsAsync<BuildFailedException>(() => environment.DeployAsync(images["fivexx"]))!;
        var settled = load.Answers.Count;
        await load.WaitForAnswersAsync("1.0.0", load.Versions.GetValueOrDefault("1.0.0") + 50);
        await load.StopAsync();

        var answers = load.Answers.ToList();
        var errors = answers.Where(a => a.Status >= 500).ToList();
        var snapshot = await environment.SnapshotAsync();
        var failed = snapshot.Containers.Single(c => c.Version == "6.0.0-fivexx");
        TestContext.Out.WriteLine(failure.Message);
        TestContext.Out.WriteLine(load.Describe());
        TestContext.Out.WriteLine($"clients saw 5xx for {(errors.Count == 0 ? 0 : (errors[^1].At - errors[0].At).TotalMilliseconds):0} ms (first to last 5xx)");
        Assert.Multiple(() =>
        {
            Assert.That(failure.ExitCode, Is.EqualTo(ExitCodes.RolledBack));
            Assert.That(failure.Message, Does.Contain("5xx rate 100.0 %").And.Contains("Switched back to 1.0.0"));
            Assert.That(errors, Is.Not.Empty, "the bad version did take traffic");
            Assert.That(errors.All(e => e.Body == "6.0.0-fivexx"), Is.True, "every failure came from the bad version, none from the switch itself");
            Assert.That(answers.Skip(settled).All(a => a is { Status: 200, Body: "1.0.0" }), Is.True, "after the rollback 1.0.0 serves everything");
            Assert.That(snapshot.Live!.Version, Is.EqualTo("1.0.0"));
            Assert.That(failed.IsRunning, Is.False, "the bad version is stopped but kept for its logs");
            Assert.That(snapshot.Records[^1].Result, Is.EqualTo(DeployResults.RolledBack));
            Assert.That(snapshot.Records[^1].Message, Does.Contain("5xx rate"));
        });
    }
}
