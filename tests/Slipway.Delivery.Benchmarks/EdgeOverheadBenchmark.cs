using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Slipway.Delivery.Edge;
using Slipway.Delivery.Tests.Edge;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Benchmarks;

/// <summary>
/// What the edge adds per request (docs/benchmarks-edge.md): the same tiny app measured with wrk on loopback directly and
/// through the edge, in alternating rounds, medians of the rounds.
/// </summary>
internal static class EdgeOverheadBenchmark
{
    public static async Task RunAsync(int rounds, int seconds, string work)
    {
        // The upstream: a minimal ASP.NET Core endpoint, as small as a real version's cheapest request.
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/", () => "ok");
        app.MapGet("/health", () => "ok");
        await app.StartAsync();
        var upstreamPort = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;

        // The edge exactly as Slipway renders it, minus the access log (a host process has no stdout to write it to).
        var publicPort = Loopback.FreePort();
        var settings = HostEdge.Settings("bench", new IPEndPoint(IPAddress.Loopback, publicPort), work) with { AccessLog = false };
        var edge = new EdgeHostProcess(settings, work);
        await edge.StartAsync();
        try
        {
            var client = HostEdge.Client(settings);
            await client.AssignAsync(EdgeSlot.Blue, new IPEndPoint(IPAddress.Loopback, upstreamPort));
            await client.SwitchToAsync(EdgeSlot.Blue);

            var direct = $"http://127.0.0.1:{upstreamPort}/";
            var edged = $"http://127.0.0.1:{publicPort}/";
            var scenarios = new (string Name, int Connections)[] { ("latency, 1 connection", 1), ("throughput, 32 connections", 32) };

            var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
            var haproxy = (await ToolRunner.RunAsync(new ToolInvocation("haproxy", "-v") { LogOutput = false })).OutputLines[0];
            Console.WriteLine($"Machine: {Environment.ProcessorCount} x {cpu}, {Environment.OSVersion}; {haproxy}; .NET {Environment.Version}.");
            Console.WriteLine($"Load average at start (1/5/15 min): {string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ')[..3])}.");
            Console.WriteLine($"Rounds: {rounds} x {seconds} s per path and scenario, alternating direct/edge; wrk -t1 --latency; medians of the rounds.");
            Console.WriteLine();
            Console.WriteLine("| scenario | path | p50 | p99 | requests/s |");
            Console.WriteLine("|---|---|---:|---:|---:|");
            foreach (var (name, connections) in scenarios)
            {
                await Wrk(direct, connections, 2); // warm-up: JIT, connection pools
                await Wrk(edged, connections, 2);
                var results = new Dictionary<string, List<WrkResult>> { ["direct"] = [], ["edge"] = [] };
                for (var round = 0; round < rounds; round++)
                {
                    results["direct"].Add(await Wrk(direct, connections, seconds));
                    results["edge"].Add(await Wrk(edged, connections, seconds));
                }

                var medians = results.ToDictionary(r => r.Key, r => new WrkResult(
                    Loopback.Median(r.Value.Select(x => x.P50Us)), Loopback.Median(r.Value.Select(x => x.P99Us)), Loopback.Median(r.Value.Select(x => x.RequestsPerSecond))));
                foreach (var (path, m) in medians)
                {
                    Console.WriteLine($"| {name} | {path} | {Ms(m.P50Us)} | {Ms(m.P99Us)} | {m.RequestsPerSecond:0} |");
                }

                var d = medians["direct"];
                var e = medians["edge"];
                Console.WriteLine($"| {name} | **added by the edge** | **{Ms(e.P50Us - d.P50Us)}** | **{Ms(e.P99Us - d.P99Us)}** | **{(e.RequestsPerSecond / d.RequestsPerSecond - 1) * 100:+0.0;-0.0}%** |");
                Console.Error.WriteLine($"{name}: rounds direct {string.Join(" ", results["direct"])}; edge {string.Join(" ", results["edge"])}");
            }

            var status = await client.ReadStatusAsync();
            Console.WriteLine();
            Console.WriteLine($"Load average at end: {string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ')[..3])}.");
            var blue = status.Blue.Statistics!;
            Console.WriteLine($"Edge counters after the run: blue {blue.Responses2xx} x 2xx, {blue.Responses5xx} x 5xx; " +
                              $"connections to the app opened {blue.ConnectionsOpened}, reused {blue.ConnectionsReused}.");
        }
        finally
        {
            await edge.StopAsync(graceful: false);
            await app.StopAsync();
        }
    }

    private static async Task<WrkResult> Wrk(string url, int connections, int seconds)
    {
        var result = (await ToolRunner.RunAsync(new ToolInvocation(
            "wrk", "-t1", $"-c{connections}", $"-d{seconds}s", "--latency", url)
        { LogOutput = false })).EnsureSuccess();
        var output = result.StandardOutput;
        if (output.Contains("Socket errors", StringComparison.Ordinal) || output.Contains("Non-2xx", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("wrk saw errors:\n" + output);
        }

        return new WrkResult(
            Latency(Regex.Match(output, @"^\s+50%\s+(\S+)", RegexOptions.Multiline).Groups[1].Value),
            Latency(Regex.Match(output, @"^\s+99%\s+(\S+)", RegexOptions.Multiline).Groups[1].Value),
            double.Parse(Regex.Match(output, @"Requests/sec:\s+(\S+)").Groups[1].Value, CultureInfo.InvariantCulture));
    }

    // wrk prints latencies as 123.45us, 1.23ms or 1.02s.
    private static double Latency(string text)
    {
        var match = Regex.Match(text, @"^([\d.]+)(us|ms|s)$");
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value, "ms" => value * 1000, _ => value * 1_000_000 };
    }

    private static string Ms(double microseconds) => (microseconds / 1000).ToString("0.000", CultureInfo.InvariantCulture) + " ms";

    private sealed record WrkResult(double P50Us, double P99Us, double RequestsPerSecond)
    {
        public override string ToString() =>
            $"[p50 {P50Us:0}us p99 {P99Us:0}us {RequestsPerSecond:0}/s]";
    }
}
