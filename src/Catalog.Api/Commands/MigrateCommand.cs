using Catalog.Api.Configuration;
using Catalog.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Catalog.Api.Commands;

/// <summary>
/// <c>migrate</c>: applies the migrations the database lacks. Idempotent (an up-to-date database is left alone and the
/// command succeeds); EF Core takes a migration lock, so two concurrent runs cannot interleave. The deploy stage runs it
/// once, under its deploy lock, after <c>backup</c>.
/// </summary>
internal static partial class MigrateCommand
{
    public const string Name = "migrate";

    public static async Task<int> RunAsync(DatabaseSettings database, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger(typeof(MigrateCommand).FullName!);
        try
        {
            CatalogDatabase.EnsureStorage(database);
            await using var db = CatalogDatabase.CreateContext(database, loggerFactory);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count == 0)
            {
                UpToDate(logger, database.Provider, database.SafeDescription);
                return 0;
            }

            var names = string.Join(", ", pending);
            Applying(logger, pending.Count, database.Provider, database.SafeDescription, names);
            await db.Database.MigrateAsync(cancellationToken);
            Applied(logger, pending.Count, database.Provider, database.SafeDescription);
            return 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Failed(logger, ex, database.Provider, database.SafeDescription);
            return 1;
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
}
