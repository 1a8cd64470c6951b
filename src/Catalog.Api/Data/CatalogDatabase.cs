using Catalog.Api.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Catalog.Api.Data;

/// <summary>Wires <see cref="CatalogDbContext"/> to the configured provider, for the web host and for the commands.</summary>
internal static class CatalogDatabase
{
    public static IServiceCollection AddCatalogDatabase(this IServiceCollection services, DatabaseSettings settings)
    {
        _ = settings.Provider switch
        {
            DatabaseProvider.Sqlite => services.AddDbContext<CatalogDbContext, SqliteCatalogDbContext>(
                options => options.UseSqlite(settings.ConnectionString)),
            DatabaseProvider.Postgres => services.AddDbContext<CatalogDbContext, PostgresCatalogDbContext>(
                options => options.UseNpgsql(settings.ConnectionString)),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Provider, "Unknown database provider."),
        };
        return services;
    }

    /// <summary>A context outside dependency injection, for the <c>migrate</c> and <c>backup</c> commands.</summary>
    public static CatalogDbContext CreateContext(DatabaseSettings settings, ILoggerFactory loggerFactory) =>
        settings.Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteCatalogDbContext(new DbContextOptionsBuilder<SqliteCatalogDbContext>()
                .UseSqlite(settings.ConnectionString)
                .UseLoggerFactory(loggerFactory)
                .Options),
            DatabaseProvider.Postgres => new PostgresCatalogDbContext(new DbContextOptionsBuilder<PostgresCatalogDbContext>()
                .UseNpgsql(settings.ConnectionString)
                .UseLoggerFactory(loggerFactory)
                .Options),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Provider, "Unknown database provider."),
        };

    /// <summary>
    /// Creates the SQLite file's directory (SQLite creates the file, not its folder), so a missing or read-only data
    /// directory fails at startup with a clear message rather than on the first query.
    /// </summary>
    public static void EnsureStorage(DatabaseSettings settings)
    {
        if (settings.Provider != DatabaseProvider.Sqlite)
        {
            return;
        }

        var file = new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(file));
        if (file == ":memory:" || string.IsNullOrEmpty(directory))
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidConfigurationException(
                $"The SQLite data directory '{directory}' cannot be created ({ex.Message}); set Database__DataDirectory to a writable folder.",
                ex);
        }
    }
}
