using System.Net.Http.Json;
using System.Reflection;
using Catalog.Api.Status;
using Catalog.Api.Tests.Infrastructure;

namespace Catalog.Api.Tests.Api;

public sealed class StatusTests
{
    [Test]
    public async Task Status_reports_the_build_the_environment_and_the_uptime()
    {
        await using var catalog = await InMemoryCatalog.CreateAsync(TestProvider.Sqlite, "Staging", migrated: false);
        var client = catalog.Client;
        var assembly = typeof(Program).Assembly;

        var status = await client.GetFromJsonAsync<StatusResponse>("/status");

        Assert.Multiple(() =>
        {
            Assert.That(status!.Service, Is.EqualTo("catalog-api"));
            Assert.That(status.Version, Is.EqualTo(assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion));
            Assert.That(status.Commit, Is.EqualTo(BuildInfo.FromAssembly(assembly).Commit));
            Assert.That(status.Commit, Does.Match("^([0-9a-f]{40}|unknown)$"));
            Assert.That(status.Environment, Is.EqualTo("Staging"));
            Assert.That(status.StartedAt, Is.LessThanOrEqualTo(DateTimeOffset.UtcNow));
            Assert.That(status.UptimeSeconds, Is.GreaterThanOrEqualTo(0));
            Assert.That(status.Uptime, Does.Match(@"^\d{2}:\d{2}:\d{2}$|^\d+\.\d{2}:\d{2}:\d{2}$"));
        });
    }
}
