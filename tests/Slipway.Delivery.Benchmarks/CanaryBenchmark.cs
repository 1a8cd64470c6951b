using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Slipway.Delivery.Edge;
using Slipway.Delivery.Tests.Edge;

namespace Slipway.Delivery.Benchmarks;

/// <summary>
/// How fast the edge acts on a canary's decisions (docs/benchmarks-canary.md): v1 serving, v2 gated in the other slot,
/// continuous load from 8 connections that note when each request was sent and which version answered. Each round sets
/// the canary's weight, then aborts it, through <see cref="EdgeClient"/> exactly as a deploy does.
/// </summary>
internal static class CanaryBenchmark
{
    public static async Task RunAsync(int rounds, string work)
    {
        var (v1, v1Port) = await Loopback.StartUpstreamAsync("v1");
        var (v2, v2Port) = await Loopback.StartUpstreamAsync("v2");
        var settings = HostEdge.Settings("bench", new IPEndPoint(IPAddress.Loopback, Loopback.FreePort()), work) with
        {
            AccessLog = false,
            HealthCheck = new EdgeHealthCheckSettings { Interval = TimeSpan.FromMilliseconds(250), Timeout = TimeSpan.FromSeconds(1), Rise = 2, Fall = 2 },
        };
        var edge = new EdgeHostProcess(settings, work);
        await edge.StartAsync();
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var answers = new ConcurrentQueue<(double SentMs, double ReceivedMs, string Body)>();
        Task[] load = [];
        try
        {
            var client = HostEdge.Client(settings);
            await client.AssignAsync(EdgeSlot.Blue, new IPEndPoint(IPAddress.Loopback, v1Port));
            await client.SwitchToAsync(EdgeSlot.Blue);
            await client.AssignAsync(EdgeSlot.Green, new IPEndPoint(IPAddress.Loopback, v2Port));
            if (!(await client.WaitUntilHealthyAsync(EdgeSlot.Green, 2, TimeSpan.FromSeconds(15))).Passed)
            {
                throw new InvalidOperationException("v2 did not pass its checks.");
            }

            using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 8 }) { BaseAddress = new Uri($"http://{settings.PublicEndpoint}/") };
            load = [.. Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var sent = clock.Elapsed.TotalMilliseconds;
                    var body = await http.GetStringAsync(new Uri("/", UriKind.Relative));
                    answers.Enqueue((sent, clock.Elapsed.TotalMilliseconds, body));
                }
            }))];
            await Task.Delay(1000);

            var weightCall = new List<double>();
            var firstCanary = new List<double>();
            var abortCall = new List<double>();
            var lastCanary = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                var t0 = clock.Elapsed.TotalMilliseconds;
                await client.SetCanaryWeightAsync(EdgeSlot.Green, 10);
                weightCall.Add(clock.Elapsed.TotalMilliseconds - t0);
                await Task.Delay(700);
                firstCanary.Add(answers.Where(a => a.SentMs >= t0 && a.Body == "v2").Select(a => a.ReceivedMs - t0).DefaultIfEmpty(double.NaN).Min());

                var a0 = clock.Elapsed.TotalMilliseconds;
                await client.AbortCanaryAsync(EdgeSlot.Green);
                abortCall.Add(clock.Elapsed.TotalMilliseconds - a0);
                await Task.Delay(700);
                // The last request that could still reach v2 after the decision: sent after it, answered by v2.
                lastCanary.Add(answers.Where(a => a.SentMs >= a0 && a.Body == "v2").Select(a => a.SentMs - a0).DefaultIfEmpty(0).Max());
            }

            var haproxy = (await Slipway.Engine.Tooling.ToolRunner.RunAsync(new Slipway.Engine.Tooling.ToolInvocation("haproxy", "-v") { LogOutput = false })).OutputLines[0];
            Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}; {haproxy}; .NET {Environment.Version}; load average {string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ')[..3])}.");
            Console.WriteLine($"Rounds: {rounds}; load: 8 connections, {answers.Count / clock.Elapsed.TotalSeconds:0} requests/s; edge driven through its unix socket (as a deploy on the host does).");
            Console.WriteLine();
            Console.WriteLine("| figure | median | max | budget |");
            Console.WriteLine("|---|---:|---:|---|");
            Row("weight change: SetCanaryWeightAsync (read, one runtime API line, state saved)", weightCall, "≤ 50 ms");
            Row("weight change: first answer from the canary after the call started", firstCanary, "≤ 50 ms");
            Row("abort: AbortCanaryAsync (read, one runtime API line, state saved)", abortCall, "≤ 1 s");
            Row("abort: last request sent after the decision that still reached the canary", lastCanary, "≤ 1 s");
            Console.WriteLine();
            Console.WriteLine($"Answers: v1 {answers.Count(a => a.Body == "v1")}, v2 {answers.Count(a => a.Body == "v2")}; every request answered (a failure would have thrown).");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(load).ContinueWith(_ => { }, TaskScheduler.Default);
            await edge.StopAsync(graceful: false);
            await v1.StopAsync();
            await v2.StopAsync();
        }
    }

    private static void Row(string figure, List<double> values, string budget) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {figure} | {Loopback.Median(values):0.0} ms | {values.Max():0.0} ms | {budget} |"));
}
