namespace Slipway.Delivery.Deploy;

/// <summary>
/// Whether a deploy backs up and migrates. It does unless the new image's schema fingerprint (<c>org.slipway.schema</c>,
/// stamped by DockerBuild from the migration sources) is the one this environment's database was last migrated to —
/// read from the deploy log: the newest record of this environment whose migrations succeeded (an aborted deploy
/// that migrated counts: its schema is in the database). No label, no such record, a different fingerprint or
/// <c>--always-migrate</c>: back up and migrate, as every deploy did before (the safe default). Migrations only add
/// (expand/contract, docs/deploy.md), so a database migrated to a fingerprint still holds that schema later.
/// </summary>
internal sealed record MigrationDecision(bool Migrate, string Reason)
{
    /// <summary>The record of the deploy that last migrated the database, when there is one.</summary>
    public DeployRecord? LastMigration { get; init; }

    public static MigrationDecision Decide(string? imageSchema, IReadOnlyList<DeployRecord> records, string environment, bool alwaysMigrate)
    {
        ArgumentNullException.ThrowIfNull(records);
        var last = records.LastOrDefault(r => r.Environment == environment && r.Kind == DeployKind.Deploy && r.Migrated == true);
        if (alwaysMigrate)
        {
            return new MigrationDecision(true, "--always-migrate: backup and migrations run whatever the schema") { LastMigration = last };
        }

        if (imageSchema is null)
        {
            return new MigrationDecision(true, "the image has no schema fingerprint (org.slipway.schema): backup and migrations run") { LastMigration = last };
        }

        if (last is null)
        {
            return new MigrationDecision(true, $"no earlier deploy of {environment} recorded a migration: backup and migrations run");
        }

        if (last.Schema == imageSchema)
        {
            return new MigrationDecision(false, $"schema unchanged since {last.Version ?? last.Id} (fingerprint {Abbreviate(imageSchema)}): no backup, no migration")
            {
                LastMigration = last,
            };
        }

        var previous = last.Schema is null ? "an unknown schema" : Abbreviate(last.Schema);
        return new MigrationDecision(true, $"schema changed (fingerprint {Abbreviate(imageSchema)}; last migrated to {previous} by {last.Version ?? last.Id}): backup and migrations run")
        {
            LastMigration = last,
        };
    }

    /// <summary>The first 12 hex digits, as logs show a fingerprint.</summary>
    public static string Abbreviate(string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var hex = fingerprint[(fingerprint.IndexOf(':', StringComparison.Ordinal) + 1)..];
        return hex.Length > 12 ? hex[..12] : hex;
    }
}
