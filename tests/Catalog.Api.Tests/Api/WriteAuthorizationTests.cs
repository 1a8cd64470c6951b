using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Catalog.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Catalog.Api.Tests.Api;

/// <summary>Writes need a valid bearer token; reads, probes, /status and /metrics stay anonymous (security review, finding 5).</summary>
public sealed class WriteAuthorizationTests
{
    private static readonly object Widget = new { sku = "AUTH-1", name = "Widget", price = 1m, stock = 1 };

    private InMemoryCatalog catalog = null!;
    private HttpClient anonymous = null!;

    [OneTimeSetUp]
    public async Task StartService()
    {
        catalog = await InMemoryCatalog.CreateAsync(TestProvider.Sqlite);
        anonymous = catalog.Factory.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        anonymous?.Dispose();
        if (catalog is not null)
        {
            await catalog.DisposeAsync();
        }
    }

    [SetUp]
    public async Task EmptyCatalog()
    {
        await using var db = catalog.Database.CreateContext();
        await db.Items.ExecuteDeleteAsync();
    }

    [TestCase("POST", "/api/v1/items")]
    [TestCase("PUT", "/api/v1/items/{id}")]
    [TestCase("DELETE", "/api/v1/items/{id}")]
    public async Task A_write_without_a_token_is_a_401_problem_with_a_bearer_challenge_and_changes_nothing(string method, string path)
    {
        var existing = await CreateAsync(catalog.Client, "AUTH-0");
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", existing.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
        {
            Content = method == "DELETE" ? null : JsonContent.Create(Widget),
        };

        using var response = await anonymous.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        await using var db = catalog.Database.CreateContext();
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), body);
            Assert.That(response.Headers.WwwAuthenticate.Select(challenge => challenge.Scheme), Is.EqualTo(new[] { "Bearer" }));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32(), Is.EqualTo(401));
            Assert.That(await db.Items.Select(item => item.Sku).ToListAsync(), Is.EqualTo(new[] { "AUTH-0" }));
        });
    }

    private static IEnumerable<TestCaseData> RefusedTokens()
    {
        yield return new TestCaseData(TestTokens.Mint(expires: DateTimeOffset.UtcNow.AddMinutes(-5))).SetArgDisplayNames("expired");
        yield return new TestCaseData(TestTokens.Mint(key: "another-signing-key-of-enough-length-0123456789")).SetArgDisplayNames("signed with another key");
        yield return new TestCaseData(TestTokens.Mint(issuer: "https://evil.example")).SetArgDisplayNames("another issuer");
        yield return new TestCaseData(TestTokens.Mint(audience: "billing-api")).SetArgDisplayNames("another audience");
        yield return new TestCaseData(TestTokens.Mint(algorithm: "none")).SetArgDisplayNames("unsigned (alg none)");
        yield return new TestCaseData(TestTokens.Mint(algorithm: "HS512")).SetArgDisplayNames("an algorithm the key is not for");
        yield return new TestCaseData("not-a-jwt").SetArgDisplayNames("garbage");
    }

    [TestCaseSource(nameof(RefusedTokens))]
    public async Task A_write_with_a_token_the_service_must_not_trust_is_401(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/items") { Content = JsonContent.Create(Widget) };
        request.Headers.Authorization = TestTokens.Bearer(token);

        using var response = await anonymous.SendAsync(request);

        await using var db = catalog.Database.CreateContext();
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await db.Items.AnyAsync(), Is.False);
        });
    }

    [Test]
    public async Task A_write_with_a_valid_token_is_served()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/items") { Content = JsonContent.Create(Widget) };
        request.Headers.Authorization = TestTokens.Bearer(TestTokens.Mint(subject: "release-bot"));

        using var response = await anonymous.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [TestCase("/api/v1/items", HttpStatusCode.OK)]
    [TestCase("/api/v1/items/424242", HttpStatusCode.NotFound)]
    [TestCase("/health/live", HttpStatusCode.OK)]
    [TestCase("/health/ready", HttpStatusCode.OK)]
    [TestCase("/status", HttpStatusCode.OK)]
    [TestCase("/metrics", HttpStatusCode.OK)]
    public async Task Reads_probes_status_and_metrics_need_no_token(string path, HttpStatusCode expected)
    {
        using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(expected));
    }

    [Test]
    public async Task Without_a_signing_key_the_service_serves_reads_and_refuses_every_write()
    {
        await using var database = await TestDatabase.CreateAsync(TestProvider.Sqlite);
        await database.MigrateAsync();
        await using var readOnly = new CatalogApiFactory(database.Configuration);
        using var client = readOnly.CreateClient();
        client.DefaultRequestHeaders.Authorization = TestTokens.Bearer();

        using var write = await client.PostAsJsonAsync("/api/v1/items", Widget);
        using var read = await client.GetAsync(new Uri("/api/v1/items", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(write.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    private static async Task<int> CreateAsync(HttpClient client, string sku)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/items", new { sku, name = "Item", price = 1m, stock = 1 });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }
}
