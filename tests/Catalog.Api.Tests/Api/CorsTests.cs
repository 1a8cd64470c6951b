using System.Net;
using Catalog.Api.Tests.Infrastructure;

namespace Catalog.Api.Tests.Api;

/// <summary>Browsers may call the items API only from the origins in CORS_ORIGINS (security review, finding 5).</summary>
public sealed class CorsTests
{
    private const string Shop = "https://shop.example.com";

    private InMemoryCatalog catalog = null!;
    private HttpClient client = null!;

    [OneTimeSetUp]
    public async Task StartService()
    {
        catalog = await InMemoryCatalog.CreateAsync(TestProvider.Sqlite, settings: new Dictionary<string, string?> { ["CORS_ORIGINS"] = Shop + ",http://localhost:3000" });
        client = catalog.Factory.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        client?.Dispose();
        if (catalog is not null)
        {
            await catalog.DisposeAsync();
        }
    }

    [Test]
    public async Task A_preflight_from_a_listed_origin_allows_an_authorized_json_write()
    {
        using var preflight = Preflight(Shop, "POST", "authorization,content-type");
        using var response = await client.SendAsync(preflight);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo(Shop));
            Assert.That(Header(response, "Access-Control-Allow-Methods"), Does.Contain("POST"));
            Assert.That(Header(response, "Access-Control-Allow-Headers")?.ToUpperInvariant(), Does.Contain("AUTHORIZATION").And.Contain("CONTENT-TYPE"));
            Assert.That(Header(response, "Access-Control-Allow-Credentials"), Is.Null, "bearer tokens, not cookies");
        });
    }

    [Test]
    public async Task A_preflight_from_another_origin_is_not_allowed()
    {
        using var preflight = Preflight("https://evil.example", "POST", "authorization");
        using var response = await client.SendAsync(preflight);

        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.Null);
    }

    [Test]
    public async Task A_read_from_a_listed_origin_may_see_the_correlation_id()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/items");
        request.Headers.Add("Origin", "http://localhost:3000");

        using var response = await client.SendAsync(request);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo("http://localhost:3000"));
            Assert.That(Header(response, "Access-Control-Expose-Headers"), Does.Contain("X-Correlation-ID"));
        });
    }

    [TestCase("/status")]
    [TestCase("/metrics")]
    public async Task Operational_endpoints_are_not_offered_to_browsers(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", Shop);

        using var response = await client.SendAsync(request);

        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.Null);
    }

    [Test]
    public async Task Without_cors_origins_no_origin_is_allowed()
    {
        await using var closed = await InMemoryCatalog.CreateAsync(TestProvider.Sqlite);
        using var closedClient = closed.Factory.CreateClient();

        using var preflight = Preflight(Shop, "POST", "authorization");
        using var response = await closedClient.SendAsync(preflight);

        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.Null);
    }

    private static HttpRequestMessage Preflight(string origin, string method, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/items");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
