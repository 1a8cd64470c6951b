using Slipway.Delivery.Deploy;

namespace Slipway.Delivery.Tests.Deploy;

/// <summary>The exit-10 messages of a failed backup or migration: what changed, what serves, where the backup is.</summary>
public class MigrationMessageTests
{
    [Test]
    public void A_failed_backup_says_nothing_was_migrated_and_what_keeps_serving()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MigrationFailure.BackupFailedMessage(3, "1.3.2"),
                Is.EqualTo("The backup before migrating failed (exit 3); nothing was migrated and 1.3.2 keeps serving untouched."));
            Assert.That(MigrationFailure.BackupFailedMessage(3, null),
                Is.EqualTo("The backup before migrating failed (exit 3); nothing was migrated and no version was serving yet."));
        });
    }

    [Test]
    public void A_failed_migration_says_where_the_backup_taken_before_it_is_or_that_there_is_none()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MigrationFailure.MigrationFailedMessage("1.4.0", 1, "1.3.2", "slipway-production-data:/app/data/backups/d-1.backup"), Is.EqualTo(
                "Migrating with 1.4.0 failed (exit 1); the deploy is aborted before the switch and 1.3.2 keeps serving. " +
                "The backup taken just before is slipway-production-data:/app/data/backups/d-1.backup."));
            Assert.That(MigrationFailure.MigrationFailedMessage("1.4.0", 1, null, null), Is.EqualTo(
                "Migrating with 1.4.0 failed (exit 1); the deploy is aborted before the switch. No backup was taken before it."));
        });
    }
}
