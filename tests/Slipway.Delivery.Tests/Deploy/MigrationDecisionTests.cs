using Slipway.Delivery.Deploy;
using static Slipway.Delivery.Tests.Deploy.DeployFakes;

namespace Slipway.Delivery.Tests.Deploy;

/// <summary>When a deploy may skip its backup and migrations: only when the database was last migrated to the image's schema.</summary>
public class MigrationDecisionTests
{
    private const string SchemaA = "sha256:aaaaaaaaaaaa1111111111111111111111111111111111111111111111111111";
    private const string SchemaB = "sha256:bbbbbbbbbbbb2222222222222222222222222222222222222222222222222222";

    private static DeployRecord Migrated(string id, string version, string? schema, bool? migrated = true, string result = DeployResults.Succeeded, string environment = "staging") =>
        Record(id, version, result, 0) with { Schema = schema, Migrated = migrated, Environment = environment };

    [Test]
    public void The_same_fingerprint_as_the_last_migration_skips_backup_and_migrations_saying_since_which_version()
    {
        var decision = MigrationDecision.Decide(SchemaA, [Migrated("d-1", "1.2.0", SchemaA)], "staging", alwaysMigrate: false);

        Assert.Multiple(() =>
        {
            Assert.That(decision.Migrate, Is.False);
            Assert.That(decision.Reason, Is.EqualTo("schema unchanged since 1.2.0 (fingerprint aaaaaaaaaaaa): no backup, no migration"));
            Assert.That(decision.LastMigration!.Id, Is.EqualTo("d-1"));
        });
    }

    [Test]
    public void A_different_fingerprint_migrates()
    {
        var decision = MigrationDecision.Decide(SchemaB, [Migrated("d-1", "1.2.0", SchemaA)], "staging", alwaysMigrate: false);

        Assert.Multiple(() =>
        {
            Assert.That(decision.Migrate, Is.True);
            Assert.That(decision.Reason, Does.StartWith("schema changed (fingerprint bbbbbbbbbbbb; last migrated to aaaaaaaaaaaa by 1.2.0)"));
        });
    }

    [Test]
    public void An_image_without_a_fingerprint_always_migrates()
    {
        var decision = MigrationDecision.Decide(null, [Migrated("d-1", "1.2.0", SchemaA)], "staging", alwaysMigrate: false);

        Assert.Multiple(() =>
        {
            Assert.That(decision.Migrate, Is.True);
            Assert.That(decision.Reason, Does.Contain("no schema fingerprint"));
        });
    }

    [Test]
    public void Without_a_recorded_migration_the_deploy_migrates()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MigrationDecision.Decide(SchemaA, [], "staging", alwaysMigrate: false).Migrate, Is.True, "first deploy");
            Assert.That(MigrationDecision.Decide(SchemaA, [Migrated("d-1", "1.2.0", SchemaA, migrated: null)], "staging", alwaysMigrate: false).Migrate, Is.True,
                "a record whose migrations never ran (a failed migration, an older log) proves nothing");
            Assert.That(MigrationDecision.Decide(SchemaA, [Migrated("d-1", "1.2.0", SchemaA, environment: "production")], "staging", alwaysMigrate: false).Migrate,
                Is.True, "another environment's database is another database");
        });
    }

    [Test]
    public void Always_migrate_overrides_an_unchanged_schema()
    {
        var decision = MigrationDecision.Decide(SchemaA, [Migrated("d-1", "1.2.0", SchemaA)], "staging", alwaysMigrate: true);

        Assert.Multiple(() =>
        {
            Assert.That(decision.Migrate, Is.True);
            Assert.That(decision.Reason, Does.StartWith("--always-migrate"));
        });
    }

    [Test]
    public void The_newest_successful_migration_counts_even_from_a_deploy_aborted_later_and_skipped_or_rolled_back_records_change_nothing()
    {
        IReadOnlyList<DeployRecord> records =
        [
            Migrated("d-1", "1.0.0", SchemaA),
            Migrated("d-2", "2.0.0", SchemaB, result: DeployResults.Aborted),
            Migrated("d-3", "2.0.1", SchemaB, migrated: false),
            Record("r-4", "1.0.0", DeployResults.Succeeded, 4, DeployKind.Rollback),
        ];

        Assert.Multiple(() =>
        {
            Assert.That(MigrationDecision.Decide(SchemaB, records, "staging", alwaysMigrate: false).Migrate, Is.False,
                "2.0.0 migrated the database to B before its gate failed; a rollback changes no schema");
            Assert.That(MigrationDecision.Decide(SchemaA, records, "staging", alwaysMigrate: false).Migrate, Is.True, "A is not the schema last migrated to");
        });
    }
}
