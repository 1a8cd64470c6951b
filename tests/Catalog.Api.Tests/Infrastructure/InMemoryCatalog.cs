namespace Catalog.Api.Tests.Infrastructure;

/// <summary>
/// The service in memory (<see cref="CatalogApiFactory"/>, a TestServer) on a fresh database of its own: the host the
/// API tests share. Disposing stops the host and drops the database.
/// </summary>
public sealed class InMemoryCatalog : IAsyncDisposable
{
    private readonly Lazy<HttpClient> client;

    private InMemoryCatalog(TestDatabase database, CatalogApiFactory factory)
    {
        Database = database;
        Factory = factory;
        client = new Lazy<HttpClient>(factory.CreateClient);
    }

    public TestDatabase Database { get; }

    /// <summary>The host; it starts on the first client it creates.</summary>
    public CatalogApiFactory Factory { get; }

    /// <summary>One client for the host, created on first use and disposed with it.</summary>
    public HttpClient Client => client.Value;

    /// <param name="provider">The database engine.</param>
    /// <param name="environment">The ASP.NET Core environment the service runs in.</param>
    /// <param name="migrated">Runs migrate first, as the deploy stage does before a version starts (Production never migrates at startup).</param>
    public static async Task<InMemoryCatalog> CreateAsync(TestProvider provider, string environment = "Production", bool migrated = true)
    {
        var database = await TestDatabase.CreateAsync(provider);
        try
        {
            if (migrated)
            {
                await database.MigrateAsync();
            }

            return new InMemoryCatalog(database, new CatalogApiFactory(database.Configuration, environment));
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (client.IsValueCreated)
            {
                client.Value.Dispose();
            }

            await Factory.DisposeAsync();
        }
        finally
        {
            await Database.DisposeAsync();
        }
    }
}
