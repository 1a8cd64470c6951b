using System.Text.RegularExpressions;
using Slipway.Delivery.Edge;
using Slipway.Testing;

namespace Slipway.Delivery.Tests.Edge;

/// <summary>What clients and monitoring see through the edge: counters, maintenance page, forwarding headers, metrics.</summary>
[TestFixture]
public sealed partial class EdgeTrafficTests : EdgeFixture
{
    private int prometheusPort;

    [SetUp]
    public async Task ServeBlueAsync() => await ServeAsync(EdgeSlot.Blue);

    [Test]
    public async Task Per_slot_response_counters_are_read_back_exactly()
    {
        await Edge.Client.AssignAsync(EdgeSlot.Green, Green.Endpoint);
        foreach (var path in Enumerable.Repeat("/status/500", 7).Concat(Enumerable.Repeat("/status/503", 3)).Concat(Enumerable.Repeat("/", 4)))
        {
            using var response = await Edge.Http.GetAsync(new Uri(path, UriKind.Relative));
        }

        var status = await Edge.Client.ReadStatusAsync();

        Assert.Multiple(() =>
        {
            Assert.That(status.Blue.Statistics!.Responses5xx, Is.EqualTo(10));
            Assert.That(status.Blue.Statistics.Responses2xx, Is.EqualTo(4), "health checks do not count as responses");
            Assert.That(status.Blue.Statistics.ResponsesTotal, Is.EqualTo(14));
            Assert.That(status.Blue.Statistics.TotalSessions, Is.EqualTo(14));
            Assert.That(status.Green.Statistics!.ResponsesTotal, Is.Zero, "a drained slot gets no requests");
            Assert.That(status.Blue.Statistics.CheckStatus, Is.EqualTo("L7OK"));
            Assert.That(status.Blue.Statistics.CheckCode, Is.EqualTo(200));
            Assert.That(status.Blue.Statistics.ConnectionsReused, Is.GreaterThan(0), "keep-alive connections to the upstream are reused");
            Assert.That(status.Blue.Statistics.ConnectionsOpened, Is.LessThan(14));
        });
    }

    [Test]
    public async Task Forwarding_headers_are_set_by_the_edge_and_client_supplied_ones_are_replaced()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/headers", UriKind.Relative));
        request.Headers.Add("X-Forwarded-For", "6.6.6.6");
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        using var response = await Edge.Http.SendAsync(request);
        var headers = (await response.Content.ReadAsStringAsync()).Split('\n');

        Assert.That(headers, Is.EquivalentTo(new[]
        {
            "x-forwarded-for: 127.0.0.1",
            $"x-forwarded-host: 127.0.0.1:{Edge.Settings.PublicEndpoint.Port}",
            $"x-forwarded-port: {Edge.Settings.PublicEndpoint.Port}",
            "x-forwarded-proto: http",
        }));
    }

    [Test]
    public async Task The_prometheus_exporter_serves_per_slot_metrics_on_loopback()
    {
        await Edge.Http.GetStringAsync(new Uri("/", UriKind.Relative));
        using var metrics = new HttpClient();
        var text = await metrics.GetStringAsync(new Uri($"http://127.0.0.1:{prometheusPort}/metrics"));

        var blueResponses = ServerResponses().Matches(text).Single(m => m.Groups["server"].Value == "blue" && m.Groups["code"].Value == "2xx");
        Assert.That(long.Parse(blueResponses.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(1));
    }

    private protected override EdgeSettings CustomizeEdge(EdgeSettings settings)
    {
        prometheusPort = FreePort.Next();
        return settings with
        {
            PrometheusPort = prometheusPort,
            MaintenanceMessage = "Planned upgrade until 14:00 UTC — \"thanks\" for waiting",
            MaintenanceRetryAfter = TimeSpan.FromSeconds(120),
        };
    }

    [GeneratedRegex("""haproxy_server_http_responses_total\{proxy="app",server="(?<server>\w+)",code="(?<code>\w+)"\} (?<value>\d+)""")]
    private static partial Regex ServerResponses();
}
