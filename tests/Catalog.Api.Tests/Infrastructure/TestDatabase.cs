using Catalog.Api.Configuration;
using Catalog.Api.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Catalog.Api.Tests.Infrastructure;

/// <summary>
/// A fresh, empty catalog database on one provider: a temp folder for SQLite, a new database on the PostgreSQL server.
/// Exposes it as configuration (for hosts and processes) and as settings (for in-process commands).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(TestProvider provider, string workDirectory, IReadOnlyDictionary<string, string?> configuration)
    {
        Provider = provider;
        WorkDirectory = workDirectory;
        Configuration = configuration;
        Settings = CatalogSettingsReader.Read(
            new ConfigurationBuilder().AddInMemoryCollection(configuration).Build(), "Production", workDirectory).Database;
    }

    public TestProvider Provider { get; }

    /// <summary>A temp folder owned by this database, also usable for backups.</summary>
    public string WorkDirectory { get; }

    /// <summary>Configuration keys (Section:Key) that point the service at this database.</summary>
    public IReadOnlyDictionary<string, string?> Configuration { get; }

    /// <summary>The same, as environment variables for a service process.</summary>
    public IReadOnlyDictionary<string, string?> EnvironmentVariables =>
        Configuration.ToDictionary(pair => pair.Key.Replace(":", "__", StringComparison.Ordinal), pair => pair.Value);

    internal DatabaseSettings Settings { get; }

    public string SqliteFile => Path.Combine(WorkDirectory, "data", CatalogSettingsReader.SqliteFileName);

    public static async Task<TestDatabase> CreateAsync(TestProvider provider)
    {
        // The server first: when it is unreachable the test fails here, before anything needs cleaning up.
        var connectionString = provider == TestProvider.Postgres ? await PostgresServer.CreateDatabaseAsync() : null;
        var workDirectory = Directory.CreateTempSubdirectory("catalog-tests-").FullName;
        if (connectionString is null)
        {
            return new TestDatabase(provider, workDirectory, new Dictionary<string, string?>
            {
                [CatalogSettingsReader.DataDirectoryKey] = Path.Combine(workDirectory, "data"),
            });
        }

        return new TestDatabase(provider, workDirectory, new Dictionary<string, string?>
        {
            ["ConnectionStrings:" + CatalogSettingsReader.ConnectionStringName] = connectionString,
        });
    }

    internal CatalogDbContext CreateContext() => CatalogDatabase.CreateContext(Settings, NullLoggerFactory.Instance);

    public async Task MigrateAsync()
    {
        var exitCode = await Commands.MigrateCommand.RunAsync(Settings, NullLoggerFactory.Instance, CancellationToken.None);
        Assert.That(exitCode, Is.Zero, "migrate failed while preparing the test database");
    }

    public async ValueTask DisposeAsync()
    {
        if (Provider == TestProvider.Postgres)
        {
            await PostgresServer.DropDatabaseAsync(Settings.ConnectionString);
        }
        else
        {
            SqliteConnection.ClearAllPools();
        }

        Directory.Delete(WorkDirectory, recursive: true);
    }
}
