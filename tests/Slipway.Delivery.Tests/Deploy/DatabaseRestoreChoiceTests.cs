using Slipway.Delivery.Deploy;
using Slipway.Delivery.Edge;
using Slipway.Engine;
using static Slipway.Delivery.Tests.Deploy.DeployFakes;

namespace Slipway.Delivery.Tests.Deploy;

/// <summary><c>Rollback --restore-database</c>: which backup goes back, refused (exit 2) when none matches, and where the restore runs.</summary>
public class DatabaseRestoreChoiceTests
{
    private static readonly AppContainer V1 = Container("1.0.0", 28100, 0);
    private static readonly AppContainer V2 = Container("1.1.0", 28101, 10);
    private static readonly AppContainer V3 = Container("1.2.0", 28102, 20, state: "running");
    private static readonly EdgeStatus V3Live = EdgeOf(Slot(EdgeSlot.Blue, 28101, ServerAdminState.Maintenance, false), Slot(EdgeSlot.Green, 28102, ServerAdminState.Ready, true));

    private static string BackupOf(string id) => $"slipway-staging-data:/app/data/backups/{id}.backup";

    private static DeployRecord Migrated(string id, string version, string result, int minutes) =>
        Record(id, version, result, minutes) with { Backup = BackupOf(id), Migrated = true };

    [Test]
    public void The_backup_taken_before_the_first_migration_after_the_target_went_live_is_restored()
    {
        DeployRecord[] records =
        [
            Migrated("d-1", "1.0.0", DeployResults.Succeeded, 0),
            Record("d-2", "1.1.0", DeployResults.Succeeded, 10),
            // 1.2.0's first try backed up, then its migration failed and was restored: it changed no schema.
            Record("d-3a", "1.2.0", DeployResults.Aborted, 15) with { Backup = BackupOf("d-3a"), RestoredFrom = BackupOf("d-3a"), DatabaseRestored = true },
            Migrated("d-3", "1.2.0", DeployResults.Succeeded, 20),
        ];

        var (deploy, backup) = DatabaseRestoreChoice.Find(records, "staging", V2);

        Assert.Multiple(() =>
        {
            Assert.That(deploy.Id, Is.EqualTo("d-3"));
            Assert.That(backup, Is.EqualTo(BackupOf("d-3")));
            Assert.That(DatabaseRestoreChoice.Find(records, "staging", V1).Backup, Is.EqualTo(BackupOf("d-3")), "from 1.0.0 on, the first migration after a backup is 1.2.0's");
        });
    }

    [Test]
    public void No_migration_after_the_target_is_refused_with_exit_2_and_the_reason()
    {
        DeployRecord[] records = [Migrated("d-1", "1.0.0", DeployResults.Succeeded, 0), Record("d-2", "1.1.0", DeployResults.Succeeded, 10) with { Migrated = false }];

        var refusal = Assert.Throws<BuildFailedException>(() => DatabaseRestoreChoice.Find(records, "staging", V1))!;

        Assert.Multiple(() =>
        {
            Assert.That(refusal.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(refusal.Message, Does.Contain("no deploy of staging after 1.0.0 (d-1) migrated after a backup").And.Contain("nothing was changed"));
        });
    }

    [Test]
    public void A_target_the_log_never_made_live_is_refused()
    {
        var refusal = Assert.Throws<BuildFailedException>(() => DatabaseRestoreChoice.Find([Migrated("d-3", "1.2.0", DeployResults.Succeeded, 20)], "staging", V2))!;

        Assert.That(refusal.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(refusal.Message, Does.Contain("no deploy that made 1.1.0 live"));
    }

    [Test]
    public void The_restore_runs_right_after_the_switch_with_the_rolled_back_from_image()
    {
        DeployRecord[] records = [Record("d-2", "1.1.0", DeployResults.Succeeded, 10), Migrated("d-3", "1.2.0", DeployResults.Succeeded, 20)];
        var plan = RollbackPlanner.Plan(new EnvironmentSnapshot("staging", [V3, V2, V1], V3Live, records), null, keepFromRunning: false);
        var (deploy, backup) = DatabaseRestoreChoice.Find(records, "staging", plan.To);

        var restoring = DatabaseRestoreChoice.WithRestore(plan, deploy, backup);

        var steps = restoring.Sequence.Select(s => s.GetType().Name).ToList();
        var restore = restoring.Sequence.OfType<RestoreDatabaseStep>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(steps.IndexOf(nameof(RestoreDatabaseStep)), Is.EqualTo(steps.IndexOf(nameof(SwitchStep)) + 1));
            Assert.That(restoring.RestoreFrom, Is.EqualTo(BackupOf("d-3")));
            Assert.That(restore.Image, Is.EqualTo(V3.Image));
            Assert.That(restore.File, Is.EqualTo("/app/data/backups/d-3.backup"));
            Assert.That(restoring.Describe(), Does.Contain("restore the database from " + BackupOf("d-3") + ", taken before 1.2.0 migrated (d-3)"));
        });
    }

    [Test]
    public void The_restore_command_names_the_backup_file()
    {
        Assert.That(TestEnvironments.Staging.RestoreCommandFor("/app/data/backups/d-3.backup"), Is.EqualTo(new[] { "restore", "--from", "/app/data/backups/d-3.backup" }));
    }
}
