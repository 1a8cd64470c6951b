using System.Net;
using System.Net.Sockets;
using System.Text;
using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Tests.Edge;

/// <summary>
/// The public endpoint serves internal paths (/metrics, /status) only to the allowed sources, however the path is spelled
/// (security review, finding 5). Every client here is on loopback, so the allow-list is narrowed to 127.0.0.2 and the
/// refused client is 127.0.0.1. Requests go over raw sockets: HttpClient would tidy the spellings under test.
/// </summary>
[TestFixture]
public sealed class EdgeInternalPathTests : EdgeFixture
{
    private static readonly IPAddress Allowed = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Refused = IPAddress.Loopback;

    [SetUp]
    public async Task ServeBlueAsync() => await ServeAsync(EdgeSlot.Blue);

    [TestCase("/metrics")]
    [TestCase("/METRICS")]
    [TestCase("/Metrics/")]
    [TestCase("/metrics?format=prometheus")]
    [TestCase("/%6detrics")]
    [TestCase("/%4D%45TRICS")]
    [TestCase("/./metrics")]
    [TestCase("/x/../metrics")]
    [TestCase("/%2e/metrics")]
    [TestCase("/metrics/.")]
    [TestCase("/status/200")]
    [TestCase("/STATUS/200")]
    public async Task An_internal_path_in_any_spelling_is_refused_to_a_source_outside_the_allow_list(string path)
    {
        var response = await GetAsync(Refused, path);
        var status = await Edge.Client.ReadStatusAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response, Does.StartWith("HTTP/1.1 403 "));
            Assert.That(status.Blue.Statistics!.ResponsesTotal, Is.Zero, "the upstream never saw the request");
        });
    }

    [TestCase("/metrics", "upstream_metrics 1")]
    [TestCase("/%6detrics", "upstream_metrics 1")]
    [TestCase("/status/200", "v1")]
    public async Task An_allowed_source_gets_internal_paths_from_the_upstream(string path, string body)
    {
        var response = await GetAsync(Allowed, path);

        Assert.That(response, Does.StartWith("HTTP/1.1 200 ").And.Contain(body));
    }

    [TestCase("/")]
    [TestCase("/metricsfoo")]
    [TestCase("/api/metrics-report")]
    [TestCase("/health")]
    public async Task Other_paths_stay_public(string path)
    {
        var response = await GetAsync(Refused, path);

        Assert.That(response, Does.Not.StartWith("HTTP/1.1 403 "));
    }

    private protected override EdgeSettings CustomizeEdge(EdgeSettings settings) =>
        settings with { InternalAllowedSources = [new IPNetwork(Allowed, 32)] };

    /// <summary>A GET of <paramref name="path"/> exactly as written, from <paramref name="source"/>; the whole response.</summary>
    private async Task<string> GetAsync(IPAddress source, string path)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(source, 0));
        await socket.ConnectAsync(Edge.Settings.PublicEndpoint);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: edge.test\r\nConnection: close\r\n\r\n"));
        var response = new StringBuilder();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer)) > 0)
        {
            response.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return response.ToString();
    }
}
