using System.Net;
using System.Net.Http.Json;
using Catalog.Api.Tests.Infrastructure;

namespace Catalog.Api.Tests.Api;

/// <summary>Writes are limited per client (its token's subject); reads are not (security review, finding 5).</summary>
public sealed class RateLimitTests
{
    [Test]
    public async Task A_writer_over_the_limit_gets_429_with_retry_after_while_other_writers_and_reads_go_on()
    {
        await using var catalog = await InMemoryCatalog.CreateAsync(TestProvider.Sqlite, settings: new Dictionary<string, string?>
        {
            ["RATE_LIMIT_PERMITS"] = "2",
            ["RATE_LIMIT_WINDOW_SECONDS"] = "3600",
        });
        using var client = catalog.Factory.CreateClient();

        var first = await PostAsync(client, "RL-1", "bot-a");
        var second = await PostAsync(client, "RL-2", "bot-a");
        using var limited = await SendPostAsync(client, "RL-3", "bot-a");
        var limitedBody = await limited.Content.ReadAsStringAsync();
        var otherWriter = await PostAsync(client, "RL-4", "bot-b");
        using var read = await client.GetAsync(new Uri("/api/v1/items", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That((first, second, otherWriter), Is.EqualTo((HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created)));
            Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), limitedBody);
            Assert.That(limited.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromSeconds(3600)));
            Assert.That(limited.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task With_the_limit_off_writes_are_not_counted()
    {
        await using var catalog = await InMemoryCatalog.CreateAsync(TestProvider.Sqlite, settings: new Dictionary<string, string?>
        {
            ["RATE_LIMIT_ENABLED"] = "false",
            ["RATE_LIMIT_PERMITS"] = "1",
        });
        using var client = catalog.Factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var index = 0; index < 4; index++)
        {
            statuses.Add(await PostAsync(client, $"OFF-{index}", "bot-a"));
        }

        Assert.That(statuses, Has.All.EqualTo(HttpStatusCode.Created));
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient client, string sku, string subject)
    {
        using var response = await SendPostAsync(client, sku, subject);
        return response.StatusCode;
    }

    private static async Task<HttpResponseMessage> SendPostAsync(HttpClient client, string sku, string subject)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/items")
        {
            Content = JsonContent.Create(new { sku, name = "Limited", price = 1m, stock = 1 }),
        };
        request.Headers.Authorization = TestTokens.Bearer(TestTokens.Mint(subject: subject));
        return await client.SendAsync(request);
    }
}
