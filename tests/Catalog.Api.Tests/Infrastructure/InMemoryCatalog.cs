namespace Catalog.Api.Tests.Infrastructure;

/// <summary>
/// The service in memory (<see cref="CatalogApiFactory"/>, a TestServer) on a fresh database of its own, accepting
/// <see cref="TestTokens"/>' tokens: the host the API tests share. Disposing stops the host and drops the database.
/// </summary>
public sealed class InMemoryCatalog : IAsyncDisposable
{
    private readonly Lazy<HttpClient> client;

    private InMemoryCatalog(TestDatabase database, CatalogApiFactory factory)
    {
        Database = database;
        Factory = factory;
        client = new Lazy<HttpClient>(() =>
        {
            var created = factory.CreateClient();
            created.DefaultRequestHeaders.Authorization = TestTokens.Bearer();
            return created;
        });
    }

    public TestDatabase Database { get; }

    /// <summary>The host; it starts on the first client it creates.</summary>
    public CatalogApiFactory Factory { get; }

    /// <summary>One client for the host that sends a valid writer's token, created on first use and disposed with it.</summary>
    public HttpClient Client => client.Value;

    /// <param name="provider">The database engine.</param>
    /// <param name="environment">The ASP.NET Core environment the service runs in.</param>
    /// <param name="migrated">Runs migrate first, as the deploy stage does before a version starts (Production never migrates at startup).</param>
    /// <param name="settings">Settings that override the test defaults (e.g. the rate limit).</param>
    public static async Task<InMemoryCatalog> CreateAsync(
        TestProvider provider, string environment = "Production", bool migrated = true, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        try
        {
            if (migrated)
            {
                await database.MigrateAsync();
            }

            var all = new Dictionary<string, string?>(database.Configuration);
            foreach (var (key, value) in TestTokens.Settings)
            {
                all[key] = value;
            }

            // The API tests share one writer, whose writes would soon hit the default limit; the limit has its own tests.
            all["RATE_LIMIT_PERMITS"] = "1000000";
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                all[key] = value;
            }

            return new InMemoryCatalog(database, new CatalogApiFactory(all, environment));
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
