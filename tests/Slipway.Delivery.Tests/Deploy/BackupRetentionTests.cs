using Slipway.Delivery.Deploy;
using Slipway.Delivery.Tests.Docker;
using Slipway.Engine.Tooling;
using static Slipway.Delivery.Tests.Deploy.DeployFakes;

namespace Slipway.Delivery.Tests.Deploy;

/// <summary>Which backups stay: those of the environment's last N deploys that took one; the deleting script runs in a real <c>sh</c>.</summary>
public class BackupRetentionTests
{
    private static DeployRecord WithBackup(string id, string? environment = null) =>
        Record(id, "1.0.0", DeployResults.Succeeded, 0) with
        {
            Environment = environment ?? "staging",
            Backup = $"slipway-{environment ?? "staging"}-data:/app/data/backups/{id}.backup",
        };

    [Test]
    public void The_newest_backups_of_this_environment_are_kept_the_current_one_first()
    {
        IReadOnlyList<DeployRecord> records =
        [
            WithBackup("d-1"), WithBackup("d-2"), Record("d-3", "3.0.0", DeployResults.Succeeded, 3), WithBackup("d-4", "production"), WithBackup("d-5"),
        ];

        var keep = BackupRetention.ToKeep(records, "staging", 3, "slipway-staging-data:/app/data/backups/d-6.backup");

        Assert.That(keep, Is.EqualTo(new[] { "d-6.backup", "d-5.backup", "d-2.backup" }), "d-3 took no backup; d-4 is production's");
    }

    [Test]
    public void Fewer_backups_than_retained_are_all_kept()
    {
        Assert.That(BackupRetention.ToKeep([WithBackup("d-1")], "staging", 5, null), Is.EqualTo(new[] { "d-1.backup" }));
    }

    [Test]
    public void Only_backups_that_records_name_beyond_the_window_are_pruned_never_one_no_record_accounts_for()
    {
        // d-3 was killed during its migration: its backup is on the volume, but no record names it, so it is not among these.
        IReadOnlyList<DeployRecord> records =
        [
            WithBackup("d-1"), WithBackup("d-2"), WithBackup("d-4", "production"), WithBackup("d-5"), WithBackup("d-6"),
        ];

        var prune = BackupRetention.ToPrune(records, "staging", 2, "slipway-staging-data:/app/data/backups/d-7.backup");

        Assert.That(prune, Is.EqualTo(new[] { "d-5.backup", "d-2.backup", "d-1.backup" }),
            "d-7 and d-6 are kept; d-3 is unknown and stays; d-4 is production's");
    }

    [Test]
    public void Nothing_is_pruned_within_the_window_or_outside_the_deploy_backup_names()
    {
        IReadOnlyList<DeployRecord> records =
        [
            WithBackup("d-1") with { Backup = "slipway-staging-data:/app/data/backups/../catalog.db" },
            WithBackup("d-2") with { Backup = "slipway-staging-data:/app/data/backups/manual.backup" },
            WithBackup("d-3"),
        ];

        Assert.Multiple(() =>
        {
            Assert.That(BackupRetention.ToPrune(records, "staging", 1, null), Is.Empty, "a record naming another file (the log is writable from the edge) prunes nothing");
            Assert.That(BackupRetention.ToPrune(records, "staging", 5, null), Is.Empty, "all within the window");
        });
    }

    [Test]
    public void A_deploy_whose_stale_lock_is_broken_is_recorded_with_the_backup_its_id_names_and_that_backup_is_retained()
    {
        var commands = new DeployCommands(TestDocker.Cli(), TestEnvironments.Staging);
        var dead = new LockOwner { Id = "d-20261101T120000Z-abcdef", Kind = DeployKind.Deploy, Who = "ci", Version = "app@sha256:1", Since = T0 };
        var deadRollback = dead with { Id = "r-20261101T120000Z-abcdef", Kind = DeployKind.Rollback };

        var abandoned = LockedOperation.AbandonedRecord(dead, "staging", commands, "d-20261101T121000Z-123456", T0.AddMinutes(10));
        var abandonedRollback = LockedOperation.AbandonedRecord(deadRollback, "staging", commands, "d-20261101T121000Z-123456", T0.AddMinutes(10));
        IReadOnlyList<DeployRecord> records = [WithBackup("d-1"), WithBackup("d-2"), abandoned];
        var prune = BackupRetention.ToPrune(records, "staging", 2, "slipway-staging-data:/app/data/backups/d-9.backup");

        Assert.Multiple(() =>
        {
            Assert.That(abandoned.Result, Is.EqualTo(DeployResults.Abandoned));
            Assert.That(abandoned.Backup, Is.EqualTo("slipway-staging-data:/app/data/backups/d-20261101T120000Z-abcdef.backup"));
            Assert.That(abandonedRollback.Backup, Is.Null, "a rollback takes no backup");
            Assert.That(prune, Is.EqualTo(new[] { "d-2.backup", "d-1.backup" }), "the dead deploy's backup is the newest before this one's");
        });
    }

    [Test]
    public async Task The_remove_command_deletes_exactly_the_named_deploy_backups_and_says_which()
    {
        var directory = Directory.CreateTempSubdirectory("slipway-backups-");
        try
        {
            foreach (var name in new[] { "d-1.backup", "d-2.backup", "d-3.backup", "manual.backup" })
            {
                await File.WriteAllTextAsync(Path.Combine(directory.FullName, name), name);
            }

            var commands = new DeployCommands(TestDocker.Cli("ssh://deploy@app1"), TestEnvironments.Staging);
            var remove = commands.RemoveBackups("slipway/edge:0123456789ab", ["d-1.backup", "d-9.backup", "manual.backup", "../d-2.backup"]);
            var script = remove.Arguments.SkipWhile(a => a != "-c").Skip(1).Select(a => a == commands.BackupDirectory ? directory.FullName : a).ToArray();
            var result = await ToolRunner.RunAsync(new ToolInvocation("sh", ["-c", .. script]) { LogOutput = false });

            Assert.Multiple(() =>
            {
                Assert.That(remove.Render(), Does.StartWith(
                    "docker --host ssh://deploy@app1 run --rm --network none --user 0:0 --mount type=volume,source=slipway-staging-data,target=/app/data " +
                    "--entrypoint sh slipway/edge:0123456789ab -c"));
                Assert.That(result.Succeeded, Is.True, result.StandardError);
                Assert.That(result.OutputLines, Is.EqualTo(new[] { "d-1.backup" }));
                Assert.That(Directory.GetFiles(directory.FullName).Select(Path.GetFileName).Order(StringComparer.Ordinal),
                    Is.EqualTo(new[] { "d-2.backup", "d-3.backup", "manual.backup" }), "unnamed, missing and non-deploy files stay");
            });
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
