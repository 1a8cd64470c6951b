using Slipway.Delivery.Deploy;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Deploy;

/// <summary>What each exit code of a migration command that backs up means for the deploy: its exit code, reason and restore record.</summary>
public class MigrationFailureTests
{
    private const string Backup = "slipway-production-data:/app/data/backups/d-7.backup";

    [Test]
    public void Exit_3_is_a_failed_or_unreadable_backup_nothing_applied_exit_10()
    {
        var failure = MigrationFailure.From(3, migrateBacksUp: true, TestEnvironments.Staging, "1.4.0", "1.3.2", null);

        Assert.That(failure, Is.EqualTo(new MigrationFailure(ExitCodes.DeployAborted,
            "The backup before migrating failed (exit 3); nothing was migrated and 1.3.2 keeps serving untouched.", null)));
    }

    [Test]
    public void Exit_4_is_a_restored_database_and_the_old_version_serving_exit_10()
    {
        var failure = MigrationFailure.From(4, migrateBacksUp: true, TestEnvironments.Staging, "1.4.0", "1.3.2", Backup);

        Assert.Multiple(() =>
        {
            Assert.That(failure.ExitCode, Is.EqualTo(ExitCodes.DeployAborted));
            Assert.That(failure.Message, Is.EqualTo(
                $"Migrating with 1.4.0 failed (exit 4) after an earlier migration committed; database restored from {Backup}, old version 1.3.2 serving."));
            Assert.That(failure.DatabaseRestored, Is.True);
        });
    }

    [Test]
    public void Exit_5_is_a_failed_restore_exit_13_database_needs_attention()
    {
        var failure = MigrationFailure.From(5, migrateBacksUp: true, TestEnvironments.Staging, "1.4.0", "1.3.2", Backup);

        Assert.Multiple(() =>
        {
            Assert.That(failure.ExitCode, Is.EqualTo(ExitCodes.DatabaseNeedsAttention).And.EqualTo(13));
            Assert.That(failure.Message, Does.StartWith("Migration failed and restore failed: database needs attention.")
                .And.Contain($"restoring {Backup} failed too").And.Contain("1.3.2 keeps serving on a half-migrated database").And.Contain("docs/runbook.md"));
            Assert.That(failure.DatabaseRestored, Is.False);
        });
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(139)]
    public void Any_other_code_is_a_failed_migration_with_nothing_restored_exit_10(int code)
    {
        var failure = MigrationFailure.From(code, migrateBacksUp: true, TestEnvironments.Staging, "1.4.0", "1.3.2", Backup);

        Assert.Multiple(() =>
        {
            Assert.That(failure.ExitCode, Is.EqualTo(ExitCodes.DeployAborted));
            Assert.That(failure.Message, Does.StartWith($"Migrating with 1.4.0 failed (exit {code}); the deploy is aborted before the switch"));
            Assert.That(failure.DatabaseRestored, Is.Null);
        });
    }

    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    public void A_migration_command_that_does_not_back_up_has_no_special_codes(int code)
    {
        var failure = MigrationFailure.From(code, migrateBacksUp: false, TestEnvironments.Staging, "1.4.0", null, null);

        Assert.Multiple(() =>
        {
            Assert.That(failure.ExitCode, Is.EqualTo(ExitCodes.DeployAborted));
            Assert.That(failure.DatabaseRestored, Is.Null);
            Assert.That(failure.Message, Does.Contain("No backup was taken before it."));
        });
    }

    [Test]
    public void A_restore_is_recorded_in_the_deploy_log_line()
    {
        var record = new DeployRecord
        {
            Id = "d-7", Kind = DeployKind.Deploy, Environment = "production", Who = "ci", Started = DateTimeOffset.UnixEpoch,
            Result = DeployResults.Aborted, RestoredFrom = Backup, DatabaseRestored = true,
        };

        var line = DeployLogFormat.Serialize(record);

        Assert.Multiple(() =>
        {
            Assert.That(line, Does.Contain($"\"restored_from\":\"{Backup}\"").And.Contain("\"database_restored\":true"));
            Assert.That(DeployLogFormat.Parse(line, out _).Single(), Is.EqualTo(record));
        });
    }
}
