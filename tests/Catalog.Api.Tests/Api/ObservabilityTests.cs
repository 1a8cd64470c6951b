using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Catalog.Api.Tests.Infrastructure;

namespace Catalog.Api.Tests.Api;

/// <summary>Correlation ids and /metrics, in memory on SQLite (neither depends on the provider).</summary>
public sealed class ObservabilityTests
{
    private InMemoryCatalog catalog = null!;

    [SetUp]
    public async Task StartService() => catalog = await InMemoryCatalog.CreateAsync(TestProvider.Sqlite);

    [TearDown]
    public async Task StopService()
    {
        if (catalog is not null)
        {
            await catalog.DisposeAsync();
            catalog = null!;
        }
    }

    [Test]
    public async Task A_sent_correlation_id_is_echoed()
    {
        using var client = catalog.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/status");
        request.Headers.Add("X-Correlation-ID", "order-42:attempt-1");

        using var response = await client.SendAsync(request);

        Assert.That(response.Headers.GetValues("X-Correlation-ID"), Is.EqualTo(new[] { "order-42:attempt-1" }));
    }

    [Test]
    public async Task A_missing_or_unsafe_correlation_id_is_replaced_by_a_generated_one()
    {
        using var client = catalog.Factory.CreateClient();
        using var unsafeRequest = new HttpRequestMessage(HttpMethod.Get, "/status");
        unsafeRequest.Headers.TryAddWithoutValidation("X-Correlation-ID", "evil value; injected=1");

        using var first = await client.GetAsync("/status");
        using var second = await client.GetAsync("/status");
        using var replaced = await client.SendAsync(unsafeRequest);

        var ids = new[] { first, second, replaced }.Select(response => response.Headers.GetValues("X-Correlation-ID").Single()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ids, Has.All.Match("^[0-9a-f]{32}$"));
            Assert.That(ids, Is.Unique);
        });
    }

    [Test]
    public async Task Problems_carry_the_correlation_id()
    {
        using var client = catalog.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/items/999999");
        request.Headers.Add("X-Correlation-ID", "trace-me");

        using var response = await client.SendAsync(request);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(problem.RootElement.GetProperty("correlationId").GetString(), Is.EqualTo("trace-me"));
            Assert.That(response.Headers.GetValues("X-Correlation-ID").Single(), Is.EqualTo("trace-me"));
        });
    }

    [Test]
    public async Task Metrics_count_requests_by_route_and_status_class_with_latency_and_build_info()
    {
        using var client = catalog.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = TestTokens.Bearer();
        using (await client.PostAsJsonAsync("/api/v1/items", new { sku = "M-1", name = "Metered", price = 1m, stock = 1 }))
        using (await client.PostAsJsonAsync("/api/v1/items", new { sku = "M-1", name = "Metered", price = 1m, stock = 1 }))
        using (await client.GetAsync("/api/v1/items/1"))
        using (await client.GetAsync("/api/v1/items/2"))
        using (await client.GetAsync("/api/v1/items/3"))
        using (await client.GetAsync("/no/such/path/123"))
        {
        }

        using var response = await client.GetAsync("/metrics");
        var metrics = await response.Content.ReadAsStringAsync();
        var version = (await client.GetFromJsonAsync<JsonElement>("/status")).GetProperty("version").GetString();

        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo("text/plain; version=0.0.4; charset=utf-8"));
            Assert.That(metrics, Does.Contain("# TYPE catalog_http_requests_total counter\n"));
            Assert.That(metrics, Does.Contain("catalog_http_requests_total{method=\"POST\",route=\"/api/v1/items\",status_class=\"2xx\"} 1\n"));
            Assert.That(metrics, Does.Contain("catalog_http_requests_total{method=\"POST\",route=\"/api/v1/items\",status_class=\"4xx\"} 1\n"));
            Assert.That(metrics, Does.Contain("catalog_http_requests_total{method=\"GET\",route=\"/api/v1/items/{id:int}\",status_class=\"2xx\"} 1\n"));
            Assert.That(metrics, Does.Contain("catalog_http_requests_total{method=\"GET\",route=\"/api/v1/items/{id:int}\",status_class=\"4xx\"} 2\n"));
            Assert.That(metrics, Does.Contain("catalog_http_requests_total{method=\"GET\",route=\"unmatched\",status_class=\"4xx\"} 1\n"));
            Assert.That(metrics, Does.Not.Contain("/no/such/path"), "raw paths must not become labels");
            Assert.That(metrics, Does.Contain("# TYPE catalog_http_request_duration_seconds histogram\n"));
            Assert.That(metrics, Does.Contain(
                "catalog_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/items/{id:int}\",status_class=\"4xx\",le=\"+Inf\"} 2\n"));
            Assert.That(metrics, Does.Contain(
                "catalog_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/items/{id:int}\",status_class=\"4xx\"} 2\n"));
            Assert.That(metrics, Does.Contain($"catalog_build_info{{commit=\""));
            Assert.That(metrics, Does.Contain($"version=\"{version}\"}} 1\n"));
        });
    }
}
