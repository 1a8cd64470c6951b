using Slipway.Testing;

namespace Catalog.Api.Tests.Infrastructure;

/// <summary>
/// The real service binary (<see cref="ServiceProcess"/>) in Production on a free loopback port, on a fresh, migrated
/// database of its own, accepting <see cref="TestTokens"/>' tokens, ready when returned: the host the end-to-end tests share. Disposing kills the process if it
/// still runs, then drops the database.
/// </summary>
public sealed class ServedCatalog : IAsyncDisposable
{
    private ServedCatalog(TestDatabase database, ServiceProcess service, int port)
    {
        Database = database;
        Service = service;
        Port = port;
    }

    public TestDatabase Database { get; }

    public ServiceProcess Service { get; }

    public int Port { get; }

    /// <param name="provider">The database engine.</param>
    /// <param name="extraEnvironment">Variables beyond the database's and the port (they may depend on the database, e.g. its folder).</param>
    public static async Task<ServedCatalog> StartAsync(TestProvider provider, Func<TestDatabase, (string Name, string Value)[]>? extraEnvironment = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        ServiceProcess? service = null;
        try
        {
            await database.MigrateAsync();
            var port = FreePort.Next();
            service = ServiceProcess.Start([], ServiceEnvironment.For(database, port, [.. TestTokens.Environment, .. extraEnvironment?.Invoke(database) ?? []]));
            await service.WaitUntilReadyAsync(port);
            return new ServedCatalog(database, service, port);
        }
        catch
        {
            if (service is not null)
            {
                await service.DisposeAsync();
            }

            await database.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Service.DisposeAsync();
        }
        finally
        {
            await Database.DisposeAsync();
        }
    }
}
