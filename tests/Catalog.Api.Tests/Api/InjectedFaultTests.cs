using System.Net;
using System.Text.Json;
using Catalog.Api.Configuration;
using Catalog.Api.Hosting;
using Catalog.Api.Tests.Infrastructure;

namespace Catalog.Api.Tests.Api;

/// <summary>
/// CATALOG_FAULT_5XX_PERCENT, the broken build of a delivery rehearsal: off unless set; when set, that share of API
/// requests answers 500 while health, readiness and status answer 200 — so a deploy's gate passes and only the bake
/// after the switch catches it; a value that is not 0 to 100 stops the service before it starts.
/// </summary>
public sealed class InjectedFaultTests
{
    private const string ItemsPath = "/api/v1/items";

    private static readonly string[] Unaffected = ["/health/live", "/health/ready", "/health", "/status"];

    private static async Task<HttpStatusCode> StatusOfAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return response.StatusCode;
    }

    [Test]
    public async Task Without_the_setting_every_API_request_is_served()
    {
        await using var catalog = await InMemoryCatalog.CreateAsync(TestProvider.Sqlite);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            statuses.Add(await StatusOfAsync(catalog.Client, ItemsPath));
        }

        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Zero_percent_is_off()
    {
        await using var catalog = await InMemoryCatalog.CreateAsync(TestProvider.Sqlite, settings: new Dictionary<string, string?> { [CatalogSettingsReader.Fault5xxPercentKey] = "0" });

        Assert.That(await StatusOfAsync(catalog.Client, ItemsPath), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task At_100_percent_every_API_request_answers_500_and_health_and_status_answer_200()
    {
        await using var catalog = await InMemoryCatalog.CreateAsync(TestProvider.Sqlite, settings: new Dictionary<string, string?> { [CatalogSettingsReader.Fault5xxPercentKey] = "100" });

        using var failed = await catalog.Client.GetAsync(new Uri(ItemsPath, UriKind.Relative));
        using var problem = JsonDocument.Parse(await failed.Content.ReadAsStringAsync());
        var unaffected = new Dictionary<string, HttpStatusCode>();
        foreach (var path in Unaffected)
        {
            unaffected[path] = await StatusOfAsync(catalog.Client, path);
        }

        Assert.Multiple(async () =>
        {
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(problem.RootElement.GetProperty("detail").GetString(), Does.Contain("CATALOG_FAULT_5XX_PERCENT=100"), "says why, so nobody hunts a real bug");
            Assert.That(await StatusOfAsync(catalog.Client, "/API/v1/items/1"), Is.EqualTo(HttpStatusCode.InternalServerError), "routing ignores case, so does the fault");
            Assert.That(unaffected, Is.EqualTo(Unaffected.ToDictionary(p => p, _ => HttpStatusCode.OK)), "the readiness gate and version probe pass; only the bake can catch it");
        });
    }

    [TestCase("-1")]
    [TestCase("101")]
    [TestCase("half")]
    [TestCase("50%")]
    [TestCase("12.5")]
    public void A_value_that_is_not_0_to_100_stops_the_service_before_it_starts_naming_the_fix(string value)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => CatalogApplication.Build([$"--{CatalogSettingsReader.Fault5xxPercentKey}={value}"]));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Problems, Has.Count.EqualTo(1), error.Message);
            Assert.That(error.Message, Does.Contain($"CATALOG_FAULT_5XX_PERCENT must be a whole number from 0 to 100").And.Contain($"but is '{value}'; unset it to serve normally"));
        });
    }
}
