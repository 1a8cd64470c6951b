using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Catalog.Api.Tests.Infrastructure;
using Slipway.Testing;

namespace Catalog.Api.Tests.EndToEnd;

/// <summary>
/// The binary serving on PostgreSQL with JSON logs, as in a container: request logs, secrets kept out of them, and the
/// <c>healthcheck</c> command the image's HEALTHCHECK runs.
/// </summary>
public sealed class RunningServiceTests
{
    private ServedCatalog catalog = null!;

    [OneTimeSetUp]
    public async Task StartService() =>
        catalog = await ServedCatalog.StartAsync(TestProvider.Postgres, database => [("DOTNET_RUNNING_IN_CONTAINER", "true"),
            ("Database__DataDirectory", database.WorkDirectory)]);

    [OneTimeTearDown]
    public async Task StopService()
    {
        if (catalog is not null)
        {
            await catalog.DisposeAsync();
        }
    }

    [Test]
    public async Task Requests_are_logged_as_json_lines_with_method_path_status_duration_and_correlation_id()
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{catalog.Port}") };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/items?token=not-for-logs")
        {
            Content = JsonContent.Create(new { sku = "LOG-1", name = "Logged", price = 2m, stock = 1 }),
        };
        request.Headers.Add("X-Correlation-ID", "log-test-1");
        request.Headers.Authorization = TestTokens.Bearer();
        using var response = await client.SendAsync(request);

        var entry = await WaitForLogAsync(line => line.TryGetProperty("CorrelationId", out var id) && id.GetString() == "log-test-1"
            && line.TryGetProperty("StatusCode", out _));

        Assert.Multiple(() =>
        {
            Assert.That(entry.GetProperty("@l").GetString(), Is.EqualTo("Information"));
            Assert.That(entry.GetProperty("@m").GetString(), Does.StartWith("HTTP POST /api/v1/items responded 201 in "));
            Assert.That(entry.GetProperty("RequestMethod").GetString(), Is.EqualTo("POST"));
            Assert.That(entry.GetProperty("RequestPath").GetString(), Is.EqualTo("/api/v1/items"));
            Assert.That(entry.GetProperty("StatusCode").GetInt32(), Is.EqualTo(201));
            Assert.That(entry.GetProperty("Elapsed").GetDouble(), Is.GreaterThan(0));
            Assert.That(DateTimeOffset.Parse(entry.GetProperty("@t").GetString()!, CultureInfo.InvariantCulture),
                Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(5)));
            Assert.That(catalog.Service.AllOutput, Does.Not.Contain("not-for-logs"), "query strings stay out of logs");
        });
    }

    [Test]
    public void Every_stdout_line_is_json_and_no_connection_string_is_logged()
    {
        var lines = catalog.Service.StandardOutput;

        Assert.Multiple(() =>
        {
            Assert.That(lines, Is.Not.Empty);
            Assert.That(lines, Has.All.StartWith("{\"@t\":"));
            Assert.That(catalog.Service.AllOutput, Does.Not.Contain("Password=").IgnoreCase);
            Assert.That(catalog.Service.AllOutput, Does.Contain("started in Production on Postgres database host=127.0.0.1"));
        });
    }

    [Test]
    public async Task Healthcheck_exits_0_against_the_ready_service_on_the_configured_port()
    {
        await using var probe = await ServiceProcess.RunAsync(["healthcheck"], new Dictionary<string, string?>
        {
            ["ASPNETCORE_HTTP_PORTS"] = catalog.Port.ToString(CultureInfo.InvariantCulture),
        });

        Assert.Multiple(() =>
        {
            Assert.That(probe.ExitCode, Is.Zero, probe.AllOutput);
            Assert.That(probe.StandardOutput.Single(), Is.EqualTo($"healthy: 200 from http://127.0.0.1:{catalog.Port}/health/ready"));
        });
    }

    [Test]
    public async Task Healthcheck_exits_1_when_the_url_does_not_answer_200()
    {
        await using var notFound = await ServiceProcess.RunAsync(["healthcheck", $"http://127.0.0.1:{catalog.Port}/no-such-endpoint"], new Dictionary<string, string?>());
        await using var closed = await ServiceProcess.RunAsync(["healthcheck", $"http://127.0.0.1:{FreePort.Next()}/health/ready"], new Dictionary<string, string?>());
        await using var garbage = await ServiceProcess.RunAsync(["healthcheck", "not a url"], new Dictionary<string, string?>());

        Assert.Multiple(() =>
        {
            Assert.That(notFound.ExitCode, Is.EqualTo(1));
            Assert.That(notFound.AllOutput, Does.StartWith("unhealthy: 404"));
            Assert.That(closed.ExitCode, Is.EqualTo(1));
            Assert.That(closed.AllOutput, Does.StartWith("unhealthy:"));
            Assert.That(garbage.ExitCode, Is.EqualTo(1), "Docker reserves exit code 2 for healthchecks");
        });
    }

    private async Task<JsonElement> WaitForLogAsync(Func<JsonElement, bool> match)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            foreach (var line in catalog.Service.StandardOutput.Where(line => line.StartsWith('{')))
            {
                var entry = JsonDocument.Parse(line).RootElement;
                if (match(entry))
                {
                    return entry;
                }
            }

            await Task.Delay(50);
        }

        Assert.Fail("no matching log line. Output:\n" + catalog.Service.AllOutput);
        throw new InvalidOperationException();
    }
}
