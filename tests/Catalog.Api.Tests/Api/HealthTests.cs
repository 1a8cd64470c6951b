using System.Net;
using System.Text.Json;
using Catalog.Api.Tests.Infrastructure;

namespace Catalog.Api.Tests.Api;

[TestFixtureSource(typeof(TestProviders), nameof(TestProviders.All))]
public sealed class HealthTests(TestProvider provider) : DatabasePerTest(provider)
{
    [Test]
    public async Task Production_does_not_migrate_so_ready_fails_until_migrate_runs()
    {
        await using var factory = new CatalogApiFactory(Database.Configuration);
        using var client = factory.CreateClient();

        var (liveStatus, _) = await GetAsync(client, "/health/live");
        var (readyStatus, ready) = await GetAsync(client, "/health/ready");
        await Database.MigrateAsync();
        var (migratedStatus, migrated) = await GetAsync(client, "/health/ready");
        var (healthStatus, _) = await GetAsync(client, "/health");

        Assert.Multiple(() =>
        {
            Assert.That(liveStatus, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(readyStatus, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(ready.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
            // A SQLite file appears only when migrate creates it; a PostgreSQL database exists (empty) beforehand.
            Assert.That(CheckStatus(ready, "database"), Is.EqualTo(Provider == TestProvider.Sqlite ? "Unhealthy" : "Healthy"));
            Assert.That(CheckStatus(ready, "migrations"), Is.EqualTo("Unhealthy"));
            Assert.That(ready.GetProperty("checks").GetProperty("migrations").GetProperty("data").GetProperty("pending").GetArrayLength(),
                Is.EqualTo(2));
            Assert.That(migratedStatus, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(migrated.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
            Assert.That(migrated.GetProperty("checks").EnumerateObject().Select(check => check.Name),
                Is.EquivalentTo(new[] { "database", "migrations", "shutdown" }));
            Assert.That(healthStatus, Is.EqualTo(HttpStatusCode.OK), "/health is readiness");
        });
    }

    [Test]
    public async Task Development_migrates_at_startup()
    {
        await using var factory = new CatalogApiFactory(Database.Configuration, "Development");
        using var client = factory.CreateClient();

        var (status, body) = await GetAsync(client, "/health/ready");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
    }

    [Test]
    public async Task Live_has_no_checks_and_ready_is_not_cached()
    {
        await Database.MigrateAsync();
        await using var factory = new CatalogApiFactory(Database.Configuration);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/health/live");
        using var live = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Multiple(() =>
        {
            Assert.That(live.RootElement.GetProperty("checks").EnumerateObject(), Is.Empty);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        });
    }

    internal static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    private static string? CheckStatus(JsonElement report, string check) =>
        report.GetProperty("checks").GetProperty(check).GetProperty("status").GetString();
}
