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
    public async Task The_prune_command_deletes_only_deploy_backups_not_kept_and_says_which()
    {
        var directory = Directory.CreateTempSubdirectory("slipway-backups-");
        try
        {
            foreach (var name in new[] { "d-1.backup", "d-2.backup", "d-3.backup", "manual.backup", "notes.txt" })
            {
                await File.WriteAllTextAsync(Path.Combine(directory.FullName, name), name);
            }

            var commands = new DeployCommands(TestDocker.Cli("ssh://deploy@app1"), DeployEnvironment.Staging);
            var prune = commands.PruneBackups("slipway/edge:0123456789ab", ["d-3.backup", "d-2.backup"]);
            var script = prune.Arguments.SkipWhile(a => a != "-c").Skip(1).Select(a => a == commands.BackupDirectory ? directory.FullName : a).ToArray();
            var result = await ToolRunner.RunAsync(new ToolInvocation("sh", ["-c", .. script]) { LogOutput = false });

            Assert.Multiple(() =>
            {
                Assert.That(prune.Render(), Does.StartWith(
                    "docker --host ssh://deploy@app1 run --rm --network none --user 0:0 --mount type=volume,source=slipway-staging-data,target=/app/data " +
                    "--entrypoint sh slipway/edge:0123456789ab -c"));
                Assert.That(prune.Arguments.TakeLast(3), Is.EqualTo(new[] { "/app/data/backups", "d-3.backup", "d-2.backup" }));
                Assert.That(result.Succeeded, Is.True, result.StandardError);
                Assert.That(result.OutputLines, Is.EqualTo(new[] { "d-1.backup" }));
                Assert.That(Directory.GetFiles(directory.FullName).Select(Path.GetFileName).Order(StringComparer.Ordinal),
                    Is.EqualTo(new[] { "d-2.backup", "d-3.backup", "manual.backup", "notes.txt" }), "only deploy backups are ever pruned");
            });
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
