using System.Net;
using Catalog.Api.Tests.Infrastructure;
using Slipway.Testing;

namespace Catalog.Api.Tests.Api;

public sealed class UnreachableDatabaseTests
{
    [Test]
    public async Task A_down_postgres_makes_ready_fail_while_live_stays_up()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Catalog"] = $"Host=127.0.0.1;Port={FreePort.Next()};Database=catalog;Username=app;Password=secret;Timeout=2",
        };
        await using var factory = new CatalogApiFactory(settings);
        using var client = factory.CreateClient();

        var (liveStatus, _) = await HealthTests.GetAsync(client, "/health/live");
        var (readyStatus, ready) = await HealthTests.GetAsync(client, "/health/ready");

        Assert.Multiple(() =>
        {
            Assert.That(liveStatus, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(readyStatus, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(ready.GetProperty("checks").GetProperty("database").GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
            Assert.That(ready.ToString(), Does.Not.Contain("secret"));
        });
    }
}
