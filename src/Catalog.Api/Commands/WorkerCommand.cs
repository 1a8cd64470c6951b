using System.Data.Common;
using Catalog.Api.Configuration;
using Catalog.Api.Data;
using Catalog.Api.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Catalog.Api.Commands;

/// <summary>
/// <c>worker</c>: the service's background role (docs/service.md, "The worker"; deployed as the reference build's
/// <c>worker</c> role, docs/deploy.md, Roles). It finishes what the expand migration AddItemUpdatedAt starts: rows
/// written without <c>UpdatedAt</c> — by a version that predates the column, still serving beside the new one during a
/// deploy — get <c>UpdatedAt = CreatedAt</c>, a batch at a time, so that once no running version omits the column a
/// contract migration can make it NOT NULL. It needs no migration of its own and runs none (the deploy's migrate step
/// does): while the column is missing it waits and says so. Any number of workers may run at once: a batch fills only rows
/// still empty when it writes them, so two never fill (or count) a row twice. SIGTERM or SIGINT lets the current batch
/// finish, then it exits 0.
/// </summary>
internal static partial class WorkerCommand
{
    public const string Name = "worker";

    private const string ExpandMigration = "_AddItemUpdatedAt";

    public static async Task<int> RunAsync(DatabaseSettings database, WorkerSettings settings, ILoggerFactory loggerFactory, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(settings);
        var logger = loggerFactory.CreateLogger(typeof(WorkerCommand).FullName!);
        Started(logger, database.Provider, database.SafeDescription, settings.BatchSize, settings.Interval.TotalSeconds);
        long total = 0;
        while (!stopping.IsCancellationRequested)
        {
            int? filled;
            try
            {
                // Not cancelled by a stop: a batch is one short UPDATE, and finishing it is what a grace period is for.
                filled = await FillBatchAsync(database, settings.BatchSize, loggerFactory, CancellationToken.None);
            }
            catch (Exception ex) when (ex is DbException or DbUpdateException or InvalidOperationException or TimeoutException)
            {
                BatchFailed(logger, ex.GetType().Name, ex.Message.Split('\n')[0].Trim(), settings.Interval.TotalSeconds);
                filled = 0;
            }

            if (filled is null)
            {
                SchemaBehind(logger, settings.Interval.TotalSeconds);
            }
            else if (filled > 0)
            {
                total += filled.Value;
                Filled(logger, filled.Value, total);
            }

            if (filled is null || filled < settings.BatchSize)
            {
                try
                {
                    await Task.Delay(settings.Interval, stopping);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        Stopped(logger, total);
        return ServiceExitCodes.Success;
    }

    /// <summary>
    /// One batch: up to <paramref name="batchSize"/> rows without <c>UpdatedAt</c>, lowest ids first, filled from
    /// <c>CreatedAt</c>; the number filled, or null when the database or its <c>UpdatedAt</c> column does not exist yet.
    /// </summary>
    internal static async Task<int?> FillBatchAsync(DatabaseSettings database, int batchSize, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        await using var db = CatalogDatabase.CreateContext(database, loggerFactory);
        // Asked every batch, not once: Rollback --restore-database can put back a schema from before the column. Existence
        // first: SQLite would create an empty file on first use.
        if (!await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(cancellationToken)
            || (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any(m => m.EndsWith(ExpandMigration, StringComparison.Ordinal)))
        {
            return null;
        }

        // "UpdatedAt IS NULL" stands in the UPDATE's own WHERE as well as in the batch's choice of ids: a row another worker
        // filled meanwhile is then skipped (PostgreSQL re-checks the UPDATE's WHERE on a row once the lock it waited for is
        // released; SQLite writes one transaction at a time), so it is neither written nor counted twice.
        return await db.Items
            .Where(i => i.UpdatedAt == null)
            .Where(i => db.Items.Where(n => n.UpdatedAt == null).OrderBy(n => n.Id).Take(batchSize).Select(n => n.Id).Contains(i.Id))
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.UpdatedAt, i => i.CreatedAt), cancellationToken);
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Information,
        Message = "Worker started on {Provider} database {Target}: filling UpdatedAt of items that lack it, {BatchSize} per batch, resting {IntervalSeconds} s when none are left")]
    private static partial void Started(ILogger logger, DatabaseProvider provider, string target, int batchSize, double intervalSeconds);

    [LoggerMessage(EventId = 41, Level = LogLevel.Information, Message = "Filled UpdatedAt of {Count} item(s) ({Total} since the worker started)")]
    private static partial void Filled(ILogger logger, int count, long total);

    [LoggerMessage(EventId = 42, Level = LogLevel.Warning,
        Message = "The database has no UpdatedAt column yet (migration AddItemUpdatedAt is pending; the deploy's migrate step applies it): waiting {IntervalSeconds} s")]
    private static partial void SchemaBehind(ILogger logger, double intervalSeconds);

    [LoggerMessage(EventId = 43, Level = LogLevel.Warning, Message = "A batch failed ({Error}: {Message}); trying again in {IntervalSeconds} s")]
    private static partial void BatchFailed(ILogger logger, string error, string message, double intervalSeconds);

    [LoggerMessage(EventId = 44, Level = LogLevel.Information, Message = "Worker stopped: {Total} item(s) filled since it started")]
    private static partial void Stopped(ILogger logger, long total);
}
