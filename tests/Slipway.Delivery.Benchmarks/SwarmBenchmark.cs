using System.Diagnostics;
using System.Globalization;
using Slipway.Delivery.Deploy;
using Slipway.Delivery.Docker;
using Slipway.Delivery.Orchestration;
using Slipway.Delivery.Orchestration.Swarm;
using Slipway.Delivery.Tests.Deploy.Integration;
using Slipway.Delivery.Tests.Orchestration;
using Slipway.Delivery.Tests.Remote;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Benchmarks;

/// <summary>
/// Issue 16's anchor figures (docs/benchmarks-swarm.md): on a real single-node Swarm (a namespaced engine of its own, as
/// <c>SwarmDeployTests</c> makes), under wrk through the environment's edge, the same three operations done by Slipway and
/// by the Docker CLI alone — an update, a manual rollback, and an update whose health check fails — with each one's exit
/// code, duration, and wrk's requests and failures while it ran. The sides alternate which goes first each round, and both
/// act on the same service behind the same edge, so the traffic path is the same.
/// </summary>
internal static class SwarmBenchmark
{
    public static async Task RunAsync(int rounds)
    {
        var images = await SwarmTestImages.BuildAsync();
        var host = await RemoteDockerHost.StartAsync();
        try
        {
            var environment = SwarmEnvironments.OnNamespacedHost(host, "sb");
            await RemoteBuildProcess.PrepareAsync(host, environment);
            await host.InitSwarmAsync();
            using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = environment.Url, Timeout = TimeSpan.FromSeconds(10) };
            var bench = new Run(host, environment, images, http);
            await bench.SlipwayDeployAsync("v1");
            Console.Error.WriteLine($"swarm: service created, 1.0.0 serving; {rounds} rounds");

            var results = new List<Measurement>();
            for (var round = 1; round <= rounds; round++)
            {
                Console.Error.WriteLine($"swarm: round {round}/{rounds}, load {File.ReadAllText("/proc/loadavg").Trim()}");
                foreach (var slipway in round % 2 == 1 ? new[] { true, false } : [false, true])
                {
                    results.AddRange(await bench.RoundAsync(slipway));
                }
            }

            Print(results, rounds);
        }
        finally
        {
            await host.LeaveSwarmAsync();
            await host.DisposeAsync();
            await SwarmTestImages.RemoveAsync();
        }
    }

    private static void Print(IReadOnlyList<Measurement> results, int rounds)
    {
        var culture = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(culture,
            $"{rounds} rounds, sides alternating first, 2 tasks one at a time, monitor 2 s; {Environment.ProcessorCount} cores, load average at the end {File.ReadAllText("/proc/loadavg")[..14]}"));
        Console.WriteLine();
        Console.WriteLine("| operation | by | exit codes | UpdateStatus after | duration, median (min–max) | requests | non-2xx | socket errors | served after |");
        Console.WriteLine("|---|---|---|---|---:|---:|---:|---:|---|");
        foreach (var group in results.GroupBy(r => (r.Operation, r.By)))
        {
            var seconds = group.Select(r => r.Duration.TotalSeconds).Order().ToArray();
            Console.WriteLine(string.Create(culture,
                $"| {group.Key.Operation} | {group.Key.By} | {string.Join(", ", group.Select(r => r.ExitCode).Distinct())} | {string.Join(", ", group.Select(r => r.UpdateState).Distinct())} | {seconds[seconds.Length / 2]:0.0} s ({seconds[0]:0.0}–{seconds[^1]:0.0}) | {group.Sum(r => r.Load.Requests)} | {group.Sum(r => r.Load.Non2xx)} | {group.Sum(r => r.Load.SocketErrors)} | {string.Join(", ", group.Select(r => r.ServedAfter).Distinct())} |"));
        }
    }

    private sealed record Measurement(string Operation, string By, int ExitCode, TimeSpan Duration, string UpdateState, WrkReport Load, string ServedAfter);

    private sealed class Run(RemoteDockerHost host, DeployEnvironment environment, IReadOnlyDictionary<string, string> images, HttpClient http)
    {
        private string Service => SwarmServiceSpec.ServiceNameOf(environment.Name);

        /// <summary>
        /// From 1.0.0 serving: an update to 2.0.0, a manual rollback to 1.0.0, then an update to a version whose health
        /// check fails, which Swarm rolls back to 1.0.0. The rollback comes before the failed update because after
        /// Swarm's automatic rollback the service's previous spec is the version that failed, so a plain
        /// <c>docker service rollback</c> would go there.
        /// </summary>
        public async Task<IReadOnlyList<Measurement>> RoundAsync(bool slipway)
        {
            var by = slipway ? "Slipway" : "`docker service` alone";
            return
            [
                await MeasureAsync("update 1.0.0 → 2.0.0", by, "2.0.0", slipway ? () => SlipwayDeployAsync("v2") : () => CliUpdateAsync("v2")),
                await MeasureAsync("manual rollback → 1.0.0", by, "1.0.0", slipway ? SlipwayRollbackAsync : CliRollbackAsync),
                await MeasureAsync("update to a version whose health check fails", by, "1.0.0", slipway ? () => SlipwayDeployAsync("never-ready") : () => CliUpdateAsync("never-ready")),
            ];
        }

        public async Task<int> SlipwayDeployAsync(string tag)
        {
            await using var deployHost = await DeployHost.ConnectAsync(environment, SshCredentials.None);
            return await ExitCodeOfAsync(() => DeployOrchestrators.For(deployHost).DeployAsync(new DeployRequest { Image = DeployImage.FromReference(images[tag]), Who = "swarm-benchmark" }));
        }

        private async Task<int> SlipwayRollbackAsync()
        {
            await using var deployHost = await DeployHost.ConnectAsync(environment, SshCredentials.None);
            return await ExitCodeOfAsync(() => DeployOrchestrators.For(deployHost).RollbackAsync(new RollbackRequest { Who = "swarm-benchmark" }));
        }

        /// <summary>What a careful Swarm user runs: the update settings Slipway gives the service, said again, and the CLI waiting for the update to end.</summary>
        private async Task<int> CliUpdateAsync(string tag) =>
            (await ToolRunner.RunAsync(host.EngineCommand("service", "update", "--image", images[tag], "--no-resolve-image",
                "--update-order", "start-first", "--update-parallelism", "1", "--update-failure-action", "rollback",
                "--update-max-failure-ratio", "0", "--update-monitor", "2s", Service))).ExitCode;

        private async Task<int> CliRollbackAsync() =>
            (await ToolRunner.RunAsync(host.EngineCommand("service", "rollback", Service))).ExitCode;

        /// <summary>The exit code a build would give; a success's phases go to the log, to show where Slipway's time goes.</summary>
        private static async Task<int> ExitCodeOfAsync(Func<Task<DeployOutcome>> operation)
        {
            try
            {
                var outcome = await operation();
                Console.Error.WriteLine("swarm:   phases " + string.Join(", ", outcome.Phases.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Phase} {p.Duration.TotalSeconds:0.00} s"))));
                return 0;
            }
            catch (BuildFailedException failure)
            {
                return failure.ExitCode;
            }
        }

        private async Task<Measurement> MeasureAsync(string operation, string by, string expected, Func<Task<int>> action)
        {
            var ((exitCode, duration), served, report) = await WrkLoad.DuringAsync(new Uri(environment.Url, "/catalog"),
                async () =>
                {
                    var watch = Stopwatch.StartNew();
                    return (await action(), watch.Elapsed);
                },
                () => SwarmEnvironments.ServedVersionAsync(http, expected),
                pace: WrkLoad.Saturating);
            var state = (await ToolRunner.RunAsync(host.EngineCommand("service", "inspect", "--format", "{{.UpdateStatus.State}}", Service))).StandardOutput.Trim();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"swarm: {operation} by {by}: exit {exitCode} in {duration.TotalSeconds:0.0} s, {state}, {report.Requests} requests, {report.Non2xx} non-2xx, {report.SocketErrorsByKind}, serving {served}"));
            return new Measurement(operation, by, exitCode, duration, state, report, served);
        }
    }
}
