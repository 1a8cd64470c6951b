namespace Catalog.Api.Hosting;

/// <summary>The process's exit codes, for the deploy stage and container runtimes.</summary>
internal static class ServiceExitCodes
{
    /// <summary>Served and stopped cleanly, or a command succeeded.</summary>
    public const int Success = 0;

    /// <summary>The server crashed, a command failed (migration, backup), or <c>healthcheck</c> found it unhealthy.</summary>
    public const int Failure = 1;

    /// <summary>Invalid configuration or command-line usage: nothing was started or changed.</summary>
    public const int InvalidConfiguration = 2;

    /// <summary>
    /// <c>migrate --backup-to</c>: the backup before migrating failed, so nothing was migrated. Distinct from
    /// <see cref="Failure"/> so the deploy can tell "nothing changed" from "a migration failed after the backup".
    /// </summary>
    public const int BackupFailed = 3;

    /// <summary>
    /// <c>migrate --backup-to</c>: a migration failed after an earlier one of the same run committed, and the database
    /// was restored from the backup taken just before: it holds the schema and data the serving version knew.
    /// </summary>
    public const int MigrationFailedDatabaseRestored = 4;

    /// <summary>
    /// <c>migrate --backup-to</c>: a migration failed after an earlier one committed, and restoring the backup failed
    /// too. The database is half-migrated and needs attention (docs/runbook.md); the log names the backup.
    /// </summary>
    public const int MigrationFailedRestoreFailed = 5;
}
