using System.Data.Common;
using Catalog.Api.Configuration;
using Catalog.Api.Data;
using Catalog.Api.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Catalog.Api.Commands;

/// <summary>
/// <c>migrate [--backup-to &lt;file&gt;]</c>: applies the migrations the database lacks. Idempotent (an up-to-date
/// database is left alone and the command succeeds); EF Core takes a migration lock, so two concurrent runs cannot
/// interleave. With <c>--backup-to</c> it first takes the backup <c>backup --to</c> would, in the same process — the
/// deploy stage's default, which saves a second container start, .NET start and EF model build per deploy — but only
/// when there is something to apply and something to back up. When a migration fails after an earlier one of the
/// same run committed (EF Core gives each migration its own transaction), the database is restored from that backup
/// (<see cref="RestoreCommand"/>), so the version still serving finds the schema and data it knew.
/// </summary>
internal static partial class MigrateCommand
{
    public const string Name = "migrate";
    public const string Usage = "usage: migrate [--backup-to <file>] (configure the database with environment variables)";

    private const string BackupOption = "--backup-to";

    /// <summary>The backup file from <c>--backup-to &lt;file&gt;</c> or <c>--backup-to=&lt;file&gt;</c>, null without one; throws <see cref="FormatException"/> with usage.</summary>
    public static string? ParseBackupTarget(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            return null;
        }

        string? target = args switch
        {
            [BackupOption, var file] => file,
            [var single] when single.StartsWith(BackupOption + "=", StringComparison.Ordinal) => single[(BackupOption.Length + 1)..],
            _ => null,
        };
        return string.IsNullOrWhiteSpace(target) ? throw new FormatException(Usage) : target;
    }

    public static Task<int> RunAsync(DatabaseSettings database, ILoggerFactory loggerFactory, CancellationToken cancellationToken) =>
        RunAsync(database, backupTarget: null, searchPath: null, loggerFactory, cancellationToken);

    /// <summary>
    /// Exit codes: 0 migrated or up to date (no backup is written when nothing is pending); <see cref="ServiceExitCodes.BackupFailed"/>
    /// the backup failed (or could not be read back) and nothing was applied; 1 the migration failed and nothing of it
    /// committed (the log says where the backup is); <see cref="ServiceExitCodes.MigrationFailedDatabaseRestored"/> a
    /// migration failed after another committed and the backup was restored; <see cref="ServiceExitCodes.MigrationFailedRestoreFailed"/>
    /// the same, but the restore failed too: the database needs attention.
    /// </summary>
    public static async Task<int> RunAsync(
        DatabaseSettings database, string? backupTarget, string? searchPath, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger(typeof(MigrateCommand).FullName!);
        var backupFile = backupTarget is null ? null : Path.GetFullPath(backupTarget);
        string? backup = null;
        IReadOnlyList<string> appliedBefore = [];
        try
        {
            CatalogDatabase.EnsureStorage(database);
            await using var db = CatalogDatabase.CreateContext(database, loggerFactory);

            // Asked before anything else touches the database: SQLite would create the file on first use.
            var exists = backupTarget is null || await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(cancellationToken);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count == 0)
            {
                UpToDate(logger, database.Provider, database.SafeDescription);
                if (backupTarget is not null)
                {
                    NoBackupNeeded(logger, backupFile!);
                }

                return ServiceExitCodes.Success;
            }

            if (backupTarget is not null && !exists)
            {
                NothingToBackUp(logger, database.Provider, database.SafeDescription);
            }
            else if (backupTarget is not null)
            {
                if (await BackupCommand.RunAsync(database, backupTarget, searchPath, loggerFactory, cancellationToken) != ServiceExitCodes.Success)
                {
                    NotMigrated(logger, pending.Count, database.Provider, database.SafeDescription);
                    return ServiceExitCodes.BackupFailed;
                }

                backup = backupFile;
                appliedBefore = [.. await db.Database.GetAppliedMigrationsAsync(cancellationToken)];
            }

            var names = string.Join(", ", pending);
            Applying(logger, pending.Count, database.Provider, database.SafeDescription, names);
            await db.Database.MigrateAsync(cancellationToken);
            Applied(logger, pending.Count, database.Provider, database.SafeDescription);
            return ServiceExitCodes.Success;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Failed(logger, ex, database.Provider, database.SafeDescription);
            if (backup is null)
            {
                if (backupTarget is not null)
                {
                    NoBackupTaken(logger);
                }

                return ServiceExitCodes.Failure;
            }

            BackupIsAt(logger, backup);
            if (!await AnyCommittedAsync(database, appliedBefore, loggerFactory, cancellationToken))
            {
                NothingCommitted(logger);
                return ServiceExitCodes.Failure;
            }

            return await RestoreCommand.RestoreAsync(database, backup, searchPath, logger, cancellationToken)
                ? ServiceExitCodes.MigrationFailedDatabaseRestored
                : ServiceExitCodes.MigrationFailedRestoreFailed;
        }
    }

    /// <summary>
    /// Whether a migration of this run committed before the failure. When the database cannot even say, the answer is
    /// yes: restoring a backup taken minutes ago is the safer guess than leaving a half-migrated schema behind.
    /// </summary>
    private static async Task<bool> AnyCommittedAsync(
        DatabaseSettings database, IReadOnlyList<string> appliedBefore, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = CatalogDatabase.CreateContext(database, loggerFactory);
            return !(await db.Database.GetAppliedMigrationsAsync(cancellationToken)).SequenceEqual(appliedBefore, StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            return true;
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "{Provider} database {Target} is up to date; nothing to migrate")]
    private static partial void UpToDate(ILogger logger, DatabaseProvider provider, string target);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Applying {Count} migration(s) to {Provider} database {Target}: {Migrations}")]
    private static partial void Applying(ILogger logger, int count, DatabaseProvider provider, string target, string migrations);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Applied {Count} migration(s) to {Provider} database {Target}")]
    private static partial void Applied(ILogger logger, int count, DatabaseProvider provider, string target);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "Migrating {Provider} database {Target} failed")]
    private static partial void Failed(ILogger logger, Exception exception, DatabaseProvider provider, string target);

    [LoggerMessage(EventId = 14, Level = LogLevel.Information, Message = "No backup needed: nothing to migrate, so {File} was not written")]
    private static partial void NoBackupNeeded(ILogger logger, string file);

    [LoggerMessage(EventId = 15, Level = LogLevel.Information, Message = "{Provider} database {Target} does not exist yet: nothing to back up; migrating creates it")]
    private static partial void NothingToBackUp(ILogger logger, DatabaseProvider provider, string target);

    [LoggerMessage(EventId = 16, Level = LogLevel.Error, Message = "The backup before migrating failed; nothing was migrated ({Count} migration(s) still pending on {Provider} database {Target})")]
    private static partial void NotMigrated(ILogger logger, int count, DatabaseProvider provider, string target);

    [LoggerMessage(EventId = 17, Level = LogLevel.Error, Message = "The backup taken before migrating is {File}")]
    private static partial void BackupIsAt(ILogger logger, string file);

    [LoggerMessage(EventId = 18, Level = LogLevel.Error, Message = "No backup was taken before the failure")]
    private static partial void NoBackupTaken(ILogger logger);

    [LoggerMessage(EventId = 19, Level = LogLevel.Error, Message = "No migration of this run committed (each runs in its own transaction): the database is as it was, so it is not restored")]
    private static partial void NothingCommitted(ILogger logger);
}
