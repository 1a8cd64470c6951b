using System.Globalization;
using Slipway.Engine;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// What a failed migration command's exit code means for the deploy (pure, so every case is tested without a host).
/// A command that backs up itself (Catalog.Api's <c>migrate --backup-to</c>) tells apart, by the codes its environment
/// declares (Catalog.Api's are 3, 4 and 5): the backup failed or could not be read back, nothing applied; a migration
/// failed after another committed and the backup was restored; the restore failed too. Anything else is a failed migration with nothing restored. Every case but 5 leaves the old
/// version serving on the data it knew: exit 10. Case 5 leaves it serving on a half-migrated database: exit 13.
/// </summary>
/// <param name="ExitCode">The deploy's exit code.</param>
/// <param name="Message">The deploy's one-line reason.</param>
/// <param name="DatabaseRestored">Whether a restore ran and put the backup back (null: none ran), for the deploy log.</param>
internal sealed record MigrationFailure(int ExitCode, string Message, bool? DatabaseRestored)
{
    public static MigrationFailure From(int migrateExitCode, bool migrateBacksUp, DeployEnvironment environment, string version, string? liveVersion, string? backup)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var serving = liveVersion is null ? "no version was serving yet" : $"{liveVersion} keeps serving";
        int? code = migrateBacksUp ? migrateExitCode : null;
        return code switch
        {
            _ when code is not null && code == environment.BackupFailedExitCode => new(ExitCodes.DeployAborted, BackupFailedMessage(migrateExitCode, liveVersion), null),
            _ when code is not null && code == environment.DatabaseRestoredExitCode => new(ExitCodes.DeployAborted,
                Invariant($"Migrating with {version} failed (exit {migrateExitCode}) after an earlier migration committed; database restored from {backup ?? "the backup taken just before"}, ") +
                (liveVersion is null ? "no version was serving yet." : $"old version {liveVersion} serving."),
                true),
            _ when code is not null && code == environment.RestoreFailedExitCode => new(ExitCodes.DatabaseNeedsAttention,
                Invariant($"Migration failed and restore failed: database needs attention. Migrating with {version} failed (exit {migrateExitCode}) after an earlier migration committed, ") +
                $"and restoring {backup ?? "the backup taken just before"} failed too; {serving} on a half-migrated database. Restore it by hand (docs/runbook.md).",
                false),
            _ => new(ExitCodes.DeployAborted, MigrationFailedMessage(version, migrateExitCode, liveVersion, backup), null),
        };
    }

    /// <summary>The exit-10 message of a failed backup: nothing was migrated, the serving version is untouched.</summary>
    public static string BackupFailedMessage(int exitCode, string? liveVersion) =>
        Invariant($"The backup before migrating failed (exit {exitCode}); nothing was migrated and ") +
        (liveVersion is null ? "no version was serving yet." : $"{liveVersion} keeps serving untouched.");

    /// <summary>The exit-10 message of a failed migration: what keeps serving and where the backup taken before it is.</summary>
    public static string MigrationFailedMessage(string version, int exitCode, string? liveVersion, string? backup) =>
        Invariant($"Migrating with {version} failed (exit {exitCode}); the deploy is aborted before the switch") +
        (liveVersion is null ? "." : $" and {liveVersion} keeps serving.") + " " +
        (backup is null ? "No backup was taken before it." : $"The backup taken just before is {backup}.");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
