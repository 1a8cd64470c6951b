using System.Diagnostics;
using System.Net;
using Slipway.Delivery.Deploy;
using Slipway.Delivery.Docker;
using Slipway.Delivery.Orchestration;
using Slipway.Delivery.Tests.Deploy.Integration;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Remote;

/// <summary>
/// Issue 16, several hosts per environment, on three real "servers" (<see cref="RemoteDockerHost"/>: each a network
/// namespace with its own address, engine and edge), reached through their engines' sockets — the same Docker CLI
/// command lines as over <c>ssh://</c> (RemoteDeployTests covers that path), without three SSH handshakes per step on two
/// shared cores. Each host pulls the stand-in images by digest from the registry through its forward, and load goes to
/// every host's own edge, as a load balancer in front of them would send it. One fixture, the hosts shared, the steps in
/// order: a host added to the declaration gets the live version; 1.0.0 → 2.0.0 and a rollback on three hosts under load;
/// a breach on one host in the bake switching every host back; Monitor of every host's edge, a breach on one rolling
/// every host back; a host whose engine stops mid-deploy; a host that cannot be reached. Durations go to the test log.
/// </summary>
[NonParallelizable]
public class MultiHostDeployTests
{
    private const int Connections = 8;
    private readonly Stopwatch total = new();
    private RemoteDockerHost[] hosts = [];
    private IReadOnlyDictionary<string, string> images = null!;
    private DeployEnvironment environment = null!;
    private HttpClient http = null!;

    private IReadOnlyList<WrkReport> Reports { get; set; } = [];

    [OneTimeSetUp]
    public async Task StartHostsAsync()
    {
        images = await DeployTestImages.StandInsAsync();
        total.Start();
        var starting = Enumerable.Range(0, 3).Select(_ => RemoteDockerHost.StartAsync()).ToList();
        try
        {
            hosts = await Task.WhenAll(starting);
        }
        finally
        {
            // A host that started while another failed is still torn down.
            hosts = [.. starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result)];
        }

        environment = new DeployEnvironment
        {
            Name = "m" + Guid.NewGuid().ToString("N")[..8],
            Hosts = [.. hosts.Select(h => h.EngineSocket)],
            // Every address of each host: its edge is what the load balancer in front of the hosts reaches.
            PublicEndpoint = new IPEndPoint(IPAddress.Any, 8081),
            AppPorts = new PortRange(28100, 12),
            BakeWindow = TimeSpan.FromSeconds(3),
            DeployTimeout = TimeSpan.FromSeconds(30),
            DrainTimeout = TimeSpan.FromSeconds(5),
        };
        // No cookies: during a canary the edge keeps a client that saw a version on it (its cookie); each probe asks as a new user.
        http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var host in hosts)
        {
            // One at a time: each copies the edge images into its engine (docker save | load), which two cores do no faster side by side.
            await RemoteBuildProcess.PrepareAsync(host, environment with { Hosts = [] });
        }

        Progress($"three namespaced engines, registry forwards, edge images: {total.Elapsed.TotalSeconds:0.0} s");
    }

    [OneTimeTearDown]
    public async Task StopHostsAsync()
    {
        http?.Dispose();
        await Task.WhenAll(hosts.Select(h => h.DisposeAsync().AsTask()));
        Progress($"multi-host tests, engines' start to teardown: {total.Elapsed.TotalSeconds:0.0} s");
    }

    [Test]
    [Order(1)]
    public async Task A_host_added_to_the_declaration_gets_the_live_version_on_the_next_deploy_and_the_others_are_unchanged()
    {
        var two = environment with { Hosts = [.. environment.Hosts.Take(2)] };
        var first = await TimedAsync("first deploy of 1.0.0 to two hosts", () => DeployAsync(two, "v1"));
        var third = await ServedVersionAsync(hosts[2]);

        var next = await TimedAsync("1.0.0 again, a third host added", () => DeployAsync(environment, "v1"));
        var thirdRecord = (await ReadLogAsync(hosts[2]))[^1];
        var secondRecord = (await ReadLogAsync(hosts[1]))[^1];

        Assert.Multiple(async () =>
        {
            Assert.That(first.Record.Result, Is.EqualTo(DeployResults.Succeeded));
            Assert.That(third, Is.Null, "nothing served on the third host before it was added");
            Assert.That(next.Record.Result, Is.EqualTo(DeployResults.Unchanged), "the primary already served 1.0.0: the outcome is its record");
            Assert.That(secondRecord.Result, Is.EqualTo(DeployResults.Unchanged));
            Assert.That(thirdRecord.Result, Is.EqualTo(DeployResults.Succeeded), "the added host's first deploy, in its own log");
            Assert.That(thirdRecord.Version, Is.EqualTo("1.0.0"));
            Assert.That(await ServedVersionsAsync(), Is.EqualTo(new[] { "1.0.0", "1.0.0", "1.0.0" }));
        });
    }

    [Test]
    [Order(2)]
    public async Task Deploy_and_rollback_on_three_hosts_under_load_on_every_edge_fail_no_request()
    {
        var loads = hosts.Select(h => new WrkLoad(EdgeOf(h), Connections)).ToList();
        await Task.WhenAll(loads.Select(l => l.WaitUntilRunningAsync()));
        DeployOutcome deploy, rollback;
        string?[] afterDeploy, afterRollback;
        try
        {
            deploy = await TimedAsync("1.0.0 -> 2.0.0 on three hosts", () => DeployAsync(environment, "v2"));
            afterDeploy = await ServedVersionsAsync();
            rollback = await TimedAsync("rollback to 1.0.0 on three hosts", () => RollbackAsync());
            afterRollback = await ServedVersionsAsync();
        }
        finally
        {
            var reports = await Task.WhenAll(loads.Select(l => l.StopAsync()));
            Reports = reports;
        }

        foreach (var (report, host) in Reports.Zip(hosts))
        {
            Progress($"load on {host.Address}: {report.Requests} requests, {report.Non2xx} non-2xx, {report.SocketErrorsByKind}");
        }

        Assert.Multiple(() =>
        {
            Assert.That(deploy.Record.Result, Is.EqualTo(DeployResults.Succeeded));
            Assert.That(deploy.Record.PreviousVersion, Is.EqualTo("1.0.0"));
            Assert.That(afterDeploy, Is.EqualTo(new[] { "2.0.0", "2.0.0", "2.0.0" }), "every host serves 2.0.0");
            Assert.That(rollback.Record.Kind, Is.EqualTo(DeployKind.Rollback));
            Assert.That(rollback.Record.Version, Is.EqualTo("1.0.0"));
            Assert.That(afterRollback, Is.EqualTo(new[] { "1.0.0", "1.0.0", "1.0.0" }), "every host serves 1.0.0 again");
            AssertNoFailedRequest(Reports, "non-2xx responses under load");
        });
    }

    [Test]
    [Order(3)]
    public async Task With_HostsAtOnce_1_each_host_boots_after_the_one_before_it_passed_its_gate_in_declaration_order_and_all_switch_together()
    {
        // A gate of at least 2 s (3 passes, 1 s apart): booting one at a time puts at least that between two hosts' starts,
        // where booting all at once starts them within a moment of each other.
        var gated = TimeSpan.FromSeconds(2);
        var oneAtATime = environment with { HostsAtOnce = 1, ReadinessPasses = 3, HealthCheckInterval = TimeSpan.FromSeconds(1) };

        var deploy = await TimedAsync("1.0.0 -> 2.0.0 on three hosts, one booting at a time", () => DeployAsync(oneAtATime, "v2"));
        var started = await Task.WhenAll(hosts.Select(h => StartedAtAsync(h, "-2.0.0-")));
        var switched = await Task.WhenAll(hosts.Select(async h => (await ReadLogAsync(h))[^1].Switched));
        var served = await ServedVersionsAsync();
        Progress($"one at a time: started {string.Join(", ", started.Select(t => t.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)))}; " +
            $"switched within {(switched.Max() - switched.Min())!.Value.TotalSeconds:0.00} s of each other");
        var rollback = await TimedAsync("rollback to 1.0.0 on three hosts, one booting at a time", () => RollbackAsync(oneAtATime));

        Assert.Multiple(async () =>
        {
            Assert.That(deploy.Record.Result, Is.EqualTo(DeployResults.Succeeded));
            Assert.That(served, Is.EqualTo(new[] { "2.0.0", "2.0.0", "2.0.0" }));
            Assert.That(started[1] - started[0], Is.GreaterThanOrEqualTo(gated), "the second host started after the primary passed its gate");
            Assert.That(started[2] - started[1], Is.GreaterThanOrEqualTo(gated), "the third host started after the second passed its gate");
            Assert.That(switched.Max() - switched.Min(), Is.LessThan(started[2] - started[0]), "the switch waited for the last host, so every host switched together");
            Assert.That(rollback.Record.Version, Is.EqualTo("1.0.0"));
            Assert.That(await ServedVersionsAsync(), Is.EqualTo(new[] { "1.0.0", "1.0.0", "1.0.0" }));
        });
    }

    [Test]
    [Order(4)]
    public async Task Workers_run_on_every_host_and_a_singleton_on_the_primary_only_moving_when_the_primary_changes_never_twice_at_once()
    {
        // A process that runs until stopped; STOPSIGNAL is SIGUSR1 in the stand-in image.
        const string RunsUntilStopped = "echo \"role of $APP_VERSION up\"; trap 'echo stopping; exit 0' TERM USR1; while true; do sleep 0.2; done";
        IReadOnlyList<DeployRole> roles =
        [
            new() { Name = "worker", Entrypoint = "sh", Command = ["-c", RunsUntilStopped], StopGracePeriod = TimeSpan.FromSeconds(3), SettleTime = TimeSpan.FromSeconds(1) },
            new() { Name = "scheduler", Entrypoint = "sh", Command = ["-c", RunsUntilStopped], Singleton = true, StopGracePeriod = TimeSpan.FromSeconds(3), SettleTime = TimeSpan.FromSeconds(1) },
        ];
        // The second host is the primary first, as if the environment had grown from it; then the list is put in order.
        var secondFirst = environment with { Hosts = [hosts[1].EngineSocket, hosts[0].EngineSocket, hosts[2].EngineSocket], Roles = roles, BakeWindow = TimeSpan.Zero };
        var inOrder = environment with { Roles = roles, BakeWindow = TimeSpan.Zero };

        await TimedAsync("2.0.0 with roles, the second host primary", () => DeployAsync(secondFirst, "v2"));
        var before = await Task.WhenAll(hosts.Select(RolesAsync));
        using var sampling = new CancellationTokenSource();
        var sampler = MostSchedulersAtOnceAsync(sampling.Token);
        var deploy = await TimedAsync("1.0.0 with roles, the first host primary again", () => DeployAsync(inOrder, "v1"));
        await sampling.CancelAsync();
        var (mostAtOnce, samples) = await sampler;
        var after = await Task.WhenAll(hosts.Select(RolesAsync));
        Progress($"roles: {samples} samples of the three hosts, at most {mostAtOnce} scheduler(s) at once; after: {string.Join(" | ", after.Select(r => string.Join(", ", r)))}");

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo(new[] { new[] { "worker 2.0.0" }, new[] { "scheduler 2.0.0", "worker 2.0.0" }, new[] { "worker 2.0.0" } }),
                "a worker on every host, the singleton on the primary (the second host) only");
            Assert.That(deploy.Record.Result, Is.EqualTo(DeployResults.Succeeded));
            Assert.That(after, Is.EqualTo(new[] { new[] { "scheduler 1.0.0", "worker 1.0.0" }, new[] { "worker 1.0.0" }, new[] { "worker 1.0.0" } }),
                "the singleton moved to the new primary; the second host's was stopped");
            Assert.That(samples, Is.GreaterThan(5), "the sampler watched the deploy");
            Assert.That(mostAtOnce, Is.EqualTo(1), "a singleton never runs on two hosts at once");
        });
    }

    [Test]
    [Order(5)]
    public async Task Maintenance_and_Scale_act_on_every_host()
    {
        await using var connected = await DeployHosts.ConnectAsync(environment, SshCredentials.None);
        var request = new MaintenanceRequest { On = true, Message = "Moving the database", Who = "multi-host-test" };
        var on = await TimedAsync("maintenance on, three hosts", () => connected.OnEachAsync("maintenance", h => new MaintenanceRunner(h).SetAsync(request)));
        var during = await Task.WhenAll(hosts.Select(StatusThroughEdgeAsync));
        await TimedAsync("maintenance off, three hosts", () => connected.OnEachAsync("maintenance", h => new MaintenanceRunner(h).SetAsync(request with { On = false, Message = null })));
        var after = await Task.WhenAll(hosts.Select(StatusThroughEdgeAsync));

        var scaled = await TimedAsync("scale to 2 per host", () => connected.OnEachAsync("scale", h => new ScaleRunner(h).ScaleAsync(new ScaleRequest { Replicas = 2, Who = "multi-host-test" })));
        var replicas = await Task.WhenAll(hosts.Select(async h => (await ToolRunner.RunAsync(h.EngineCommand("ps", "--quiet", "--filter", $"label=slipway.environment={environment.Name}",
            "--filter", $"label=slipway.role={DeployLabels.AppRole}", "--filter", "label=slipway.version=1.0.0"))).OutputLines.Count(l => l.Length > 0)));
        await TimedAsync("scale back to 1 per host", () => connected.OnEachAsync("scale", h => new ScaleRunner(h).ScaleAsync(new ScaleRequest { Replicas = 1, Who = "multi-host-test" })));

        Assert.Multiple(async () =>
        {
            Assert.That(on.Select(o => o.Record.Kind), Is.All.EqualTo(DeployKind.Maintenance), "one record per host, in each host's log");
            Assert.That(during, Is.EqualTo(new[] { 503, 503, 503 }), "every host's edge shows the maintenance page");
            Assert.That(after, Is.EqualTo(new[] { 200, 200, 200 }));
            Assert.That(scaled, Has.Count.EqualTo(3));
            Assert.That(replicas, Is.EqualTo(new[] { 2, 2, 2 }), "two containers of 1.0.0 on each host");
            Assert.That(await ServedVersionsAsync(), Is.EqualTo(new[] { "1.0.0", "1.0.0", "1.0.0" }));
        });
    }

    [Test]
    [Order(6)]
    public async Task A_canary_moves_every_host_s_share_together_and_a_breach_on_one_host_takes_every_host_back()
    {
        // Two steps of 3 s under load on every edge; each host judges its own share.
        var canary = environment with { Strategy = DeployStrategy.Canary, CanarySteps = [25, 50], CanaryStepWindow = TimeSpan.FromSeconds(3), BakeWindow = TimeSpan.Zero };
        var loads = hosts.Select(h => new WrkLoad(EdgeOf(h), Connections)).ToList();
        await Task.WhenAll(loads.Select(l => l.WaitUntilRunningAsync()));
        DeployOutcome passed;
        BuildFailedException breached;
        string?[] afterPass, afterBreach;
        TimeSpan killedAt;
        try
        {
            passed = await TimedAsync("canary of 2.0.0 on three hosts", () => DeployAsync(canary, "v2"));
            afterPass = await ServedVersionsAsync();
            // The third host's 3.0.0 dies once its canary share answers: that host breaches, the other two leave with it.
            var deploying = DeployAsync(canary, "v3");
            killedAt = await KillOnceServingAsync(hosts[2], "3.0.0", deploying);
            breached = Assert.ThrowsAsync<BuildFailedException>(() => deploying)!;
            afterBreach = await ServedVersionsAsync();
        }
        finally
        {
            Reports = await Task.WhenAll(loads.Select(l => l.StopAsync()));
        }

        var passedRecords = await Task.WhenAll(hosts.Select(async h => (await ReadLogAsync(h))[^2]));
        var breachRecords = await Task.WhenAll(hosts.Select(async h => (await ReadLogAsync(h))[^1]));
        var running = await Task.WhenAll(hosts.Select(RunningContainersAsync));
        Progress($"canary across hosts: the third host's 3.0.0 killed {killedAt.TotalSeconds:0.0} s in; exit {breached.ExitCode}: {breached.Message.Split('\n')[0]}");
        foreach (var (report, host) in Reports.Zip(hosts))
        {
            Progress($"load on {host.Address} during both canaries: {report.Requests} requests, {report.Non2xx} non-2xx, {report.SocketErrorsByKind}");
        }

        await TimedAsync("back to 1.0.0", () => RollbackAsync());

        Assert.Multiple(() =>
        {
            Assert.That(passed.Record.Result, Is.EqualTo(DeployResults.Succeeded));
            Assert.That(passedRecords.Select(r => r.Canary?.Select(c => (c.Percent, c.Verdict)).ToArray()), Is.All.EqualTo(new[] { (25, "passed"), (50, "passed") }),
                "every host ran both steps and judged its own share");
            Assert.That(afterPass, Is.EqualTo(new[] { "2.0.0", "2.0.0", "2.0.0" }));
            Assert.That(breached.ExitCode, Is.EqualTo(ExitCodes.RolledBack), breached.Message);
            Assert.That(breached.Message, Does.Contain($"failed on {hosts[2].EngineSocket}"), "names the host that breached");
            Assert.That(breachRecords.Select(r => r.Result), Is.All.Not.EqualTo(DeployResults.Succeeded), "no host kept 3.0.0");
            Assert.That(breachRecords[..2].Select(r => r.Message), Is.All.Contains("with every host"), "the other two left the canary because the third breached");
            Assert.That(afterBreach, Is.EqualTo(new[] { "2.0.0", "2.0.0", "2.0.0" }), "every host serves the stable version again");
            Assert.That(running.SelectMany(names => names).Where(n => n.Contains("-3.0.0-", StringComparison.Ordinal)), Is.Empty, "3.0.0 stopped everywhere");
            AssertNoFailedRequest(Reports.Take(2), "the hosts that did not breach failed no request");
        });
    }

    [Test]
    [Order(7)]
    public async Task A_breach_on_one_host_during_the_bake_switches_every_host_back_with_exit_11_naming_it()
    {
        var (breaching, others) = (hosts[2], hosts[..2]);
        var loads = others.Select(h => new WrkLoad(EdgeOf(h), Connections)).ToList();
        await Task.WhenAll(loads.Select(l => l.WaitUntilRunningAsync()));
        var watch = Stopwatch.StartNew();
        var deploying = DeployAsync(environment, "v2");
        var ended = deploying.ContinueWith(_ => watch.Elapsed, TaskScheduler.Default);
        var killedAt = await KillOnceServingAsync(breaching, "2.0.0", deploying);
        var failure = Assert.ThrowsAsync<BuildFailedException>(() => deploying)!;
        Progress($"the third host's 2.0.0 killed {killedAt.TotalSeconds:0.0} s into the deploy, after its switch; the deploy ended {(await ended).TotalSeconds:0.0} s in: exit {failure.ExitCode}");
        var reports = await Task.WhenAll(loads.Select(l => l.StopAsync()));
        foreach (var (report, host) in reports.Zip(others))
        {
            Progress($"load on {host.Address} during the breach: {report.Requests} requests, {report.Non2xx} non-2xx, {report.SocketErrorsByKind}");
        }

        var running = await Task.WhenAll(hosts.Select(RunningContainersAsync));

        Assert.Multiple(async () =>
        {
            Assert.That(failure.ExitCode, Is.EqualTo(ExitCodes.RolledBack), failure.Message);
            Assert.That(failure.Message, Does.Contain($"failed on {breaching.EngineSocket}"), "names the host that breached");
            Assert.That(await ServedVersionsAsync(), Is.EqualTo(new[] { "1.0.0", "1.0.0", "1.0.0" }), "every host switched back");
            Assert.That(running.SelectMany(names => names).Where(n => n.Contains("-2.0.0-", StringComparison.Ordinal)), Is.Empty, "2.0.0 stopped everywhere");
            AssertNoFailedRequest(reports, "the hosts that did not breach switched back without a failed request");
        });
    }

    [Test]
    [Order(8)]
    public async Task Monitor_watches_every_host_s_edge_and_a_breach_on_one_host_rolls_every_host_back_with_exit_11_naming_it()
    {
        await TimedAsync("deploy 2.0.0 before Monitor", () => DeployAsync(environment, "v2"));
        var quiet = await TimedAsync("Monitor of 3 hosts, 5 s, nothing wrong", () => MonitorAsync(rollbackOnBreach: false, TimeSpan.FromSeconds(5)));

        var (breaching, others) = (hosts[2], hosts[..2]);
        var loads = others.Select(h => new WrkLoad(EdgeOf(h), Connections)).ToList();
        await Task.WhenAll(loads.Select(l => l.WaitUntilRunningAsync()));
        var watch = Stopwatch.StartNew();
        var watching = MonitorAsync(rollbackOnBreach: true, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var live = (await RunningContainersAsync(breaching)).Where(n => n.Contains("-2.0.0-", StringComparison.Ordinal)).ToArray();
        (await ToolRunner.RunAsync(breaching.EngineCommand(["rm", "--force", .. live]))).EnsureSuccess();
        var failure = Assert.ThrowsAsync<BuildFailedException>(() => watching)!;
        Progress($"Monitor --rollback-on-breach: the third host's 2.0.0 killed 2.5 s in; exit {failure.ExitCode} {watch.Elapsed.TotalSeconds:0.0} s in");
        var reports = await Task.WhenAll(loads.Select(l => l.StopAsync()));
        foreach (var (report, host) in reports.Zip(others))
        {
            Progress($"load on {host.Address} during the breach and rollback: {report.Requests} requests, {report.Non2xx} non-2xx, {report.SocketErrorsByKind}");
        }

        Assert.Multiple(async () =>
        {
            Assert.That(quiet.Select(intervals => intervals.Count), Is.All.GreaterThanOrEqualTo(2), "every host's edge was watched, an interval every 2 s");
            Assert.That(quiet.SelectMany(intervals => intervals).Where(i => i.Breached), Is.Empty, "nothing breached while all was well");
            Assert.That(failure.ExitCode, Is.EqualTo(ExitCodes.RolledBack), failure.Message);
            Assert.That(failure.Message, Does.StartWith($"On {breaching.EngineSocket}: ").And.Contain("Every one of the 3 hosts was rolled back"), "names the host that breached");
            Assert.That(await ServedVersionsAsync(), Is.EqualTo(new[] { "1.0.0", "1.0.0", "1.0.0" }), "every host rolled back together");
            AssertNoFailedRequest(reports, "the hosts that did not breach rolled back without a failed request");
        });
    }

    [Test]
    [Order(9)]
    public async Task A_host_whose_engine_stops_mid_deploy_aborts_every_host_with_exit_10_naming_it_and_the_others_serve_the_old_version()
    {
        var (stopped, others) = (hosts[2], hosts[..2]);
        var loads = others.Select(h => new WrkLoad(EdgeOf(h), Connections)).ToList();
        await Task.WhenAll(loads.Select(l => l.WaitUntilRunningAsync()));
        var watch = Stopwatch.StartNew();
        var deploying = DeployAsync(environment, "v2");
        var ended = deploying.ContinueWith(_ => watch.Elapsed, TaskScheduler.Default);
        var stoppedAt = await StopEngineOnceStartedAsync(stopped, "-2.0.0-", deploying);
        var failure = Assert.ThrowsAsync<BuildFailedException>(() => deploying)!;
        Progress($"engine of the third host told to stop {stoppedAt.TotalSeconds:0.0} s into the deploy (its new container running); " +
            $"the deploy ended {(await ended).TotalSeconds:0.0} s in: exit {failure.ExitCode}");
        var reports = await Task.WhenAll(loads.Select(l => l.StopAsync()));
        var served = await Task.WhenAll(others.Select(ServedVersionAsync));
        var running = await Task.WhenAll(others.Select(RunningContainersAsync));

        Assert.Multiple(() =>
        {
            Assert.That(failure.ExitCode, Is.EqualTo(ExitCodes.DeployAborted), failure.Message);
            Assert.That(failure.Message, Does.Contain($"failed on {stopped.EngineSocket}"), "names the host that failed");
            Assert.That(served, Is.EqualTo(new[] { "1.0.0", "1.0.0" }), "the other hosts serve the old version");
            Assert.That(running.SelectMany(names => names).Where(n => n.Contains("-2.0.0-", StringComparison.Ordinal)), Is.Empty, "no new container left running");
            AssertNoFailedRequest(reports, "non-2xx responses under load");
        });
    }

    [Test]
    [Order(10)]
    public async Task A_host_that_cannot_be_reached_is_named_in_an_exit_10_error_before_anything_changes_on_any_host()
    {
        // The third host's engine is down since the previous test.
        var before = await Task.WhenAll(hosts[..2].Select(RunningContainersAsync));

        var failure = Assert.ThrowsAsync<BuildFailedException>(() => DeployAsync(environment, "v2"))!;
        var after = await Task.WhenAll(hosts[..2].Select(RunningContainersAsync));

        Assert.Multiple(async () =>
        {
            Assert.That(failure.ExitCode, Is.EqualTo(ExitCodes.DeployAborted), failure.Message);
            Assert.That(failure.Message, Does.Contain("1 of its 3 hosts cannot be reached, so nothing was changed on any host").And.Contain(hosts[2].EngineSocket + ":"));
            Assert.That(after, Is.EqualTo(before), "no container started or stopped on the reachable hosts");
            Assert.That(await Task.WhenAll(hosts[..2].Select(ServedVersionAsync)), Is.EqualTo(new[] { "1.0.0", "1.0.0" }));
        });
    }

    private async Task<DeployOutcome> DeployAsync(DeployEnvironment declared, string tag)
    {
        await using var connected = await DeployHosts.ConnectAsync(declared, SshCredentials.None);
        return await DeployOrchestrators.For(connected).DeployAsync(new DeployRequest { Image = DeployImage.FromReference(images[tag]), Who = "multi-host-test" });
    }

    private async Task<DeployOutcome> RollbackAsync(DeployEnvironment? declared = null)
    {
        await using var connected = await DeployHosts.ConnectAsync(declared ?? environment, SshCredentials.None);
        return await DeployOrchestrators.For(connected).RollbackAsync(new RollbackRequest { Who = "multi-host-test" });
    }

    /// <summary>Monitor across the hosts, as the Monitor target runs it: each host's intervals, in the order of the hosts.</summary>
    private async Task<IReadOnlyList<IReadOnlyList<MonitorInterval>>> MonitorAsync(bool rollbackOnBreach, TimeSpan duration)
    {
        await using var connected = await DeployHosts.ConnectAsync(environment, SshCredentials.None);
        var watched = await HostsMonitor.RunAsync(connected, new MonitorRequest
        {
            Who = "multi-host-test",
            Duration = duration,
            Interval = TimeSpan.FromSeconds(2),
            RollbackOnBreach = rollbackOnBreach,
        });
        return [.. watched.Select(w => w.Intervals)];
    }

    private async Task<IReadOnlyList<DeployRecord>> ReadLogAsync(RemoteDockerHost host)
    {
        await using var one = await DeployHost.ConnectAsync(environment with { Hosts = [], DockerHost = host.EngineSocket }, SshCredentials.None);
        return await one.ReadLogAsync();
    }

    /// <summary>Kills the host's new version as soon as its edge serves it (after the switch, in the bake); returns when that was.</summary>
    private async Task<TimeSpan> KillOnceServingAsync(RemoteDockerHost host, string version, Task deploying)
    {
        var watch = Stopwatch.StartNew();
        while (!deploying.IsCompleted && watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (await ServedVersionAsync(host) == version)
            {
                var at = watch.Elapsed;
                var names = (await RunningContainersAsync(host)).Where(n => n.Contains($"-{version}-", StringComparison.Ordinal)).ToArray();
                (await ToolRunner.RunAsync(host.EngineCommand(["rm", "--force", .. names]))).EnsureSuccess();
                return at;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"{host.Name} never served {version} before the deploy ended.");
        return watch.Elapsed;
    }

    /// <summary>Stops the host's engine as soon as a container of the new version runs there (the deploy mid-way); returns when that was, from the call.</summary>
    private static async Task<TimeSpan> StopEngineOnceStartedAsync(RemoteDockerHost host, string newVersion, Task deploying)
    {
        var watch = Stopwatch.StartNew();
        while (!deploying.IsCompleted && watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            if ((await RunningContainersAsync(host)).Any(n => n.Contains(newVersion, StringComparison.Ordinal)))
            {
                var at = watch.Elapsed;
                await host.StopEngineAsync();
                return at;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"No container of {newVersion} ran on {host.Name} before the deploy ended.");
        return watch.Elapsed;
    }

    /// <summary>When the host's running container whose name contains <paramref name="nameContains"/> started, by its engine's clock.</summary>
    private static async Task<DateTimeOffset> StartedAtAsync(RemoteDockerHost host, string nameContains)
    {
        var name = (await RunningContainersAsync(host)).Single(n => n.Contains(nameContains, StringComparison.Ordinal));
        var inspected = await ToolRunner.RunAsync(host.EngineCommand("inspect", "--format", "{{.State.StartedAt}}", name));
        return DateTimeOffset.Parse(inspected.EnsureSuccess().OutputLines[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<int> StatusThroughEdgeAsync(RemoteDockerHost host)
    {
        using var response = await http.GetAsync(EdgeOf(host));
        return (int)response.StatusCode;
    }

    /// <summary>The roles running on the host, as "role version", sorted.</summary>
    private async Task<string[]> RolesAsync(RemoteDockerHost host)
    {
        var lines = (await ToolRunner.RunAsync(host.EngineCommand("ps", "--filter", $"label=slipway.environment={environment.Name}", "--format",
            "{{.Label \"slipway.role\"}} {{.Label \"slipway.version\"}}"))).EnsureSuccess().OutputLines;
        return [.. lines.Where(l => !l.StartsWith(DeployLabels.AppRole + " ", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Running schedulers summed over the hosts, sampled until cancelled. Each sample asks the first host (where a new
    /// one starts) before the others: a scheduler seen starting there was started after the others' stopped, so one
    /// sample never counts two that did not run at once.
    /// </summary>
    private async Task<(int Most, int Samples)> MostSchedulersAtOnceAsync(CancellationToken cancellationToken)
    {
        var (most, samples) = (0, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            var count = 0;
            foreach (var host in hosts)
            {
                var running = await ToolRunner.RunAsync(host.EngineCommand("ps", "--quiet", "--filter", $"label=slipway.environment={environment.Name}", "--filter", "label=slipway.role=scheduler"), cancellationToken: CancellationToken.None);
                count += running.OutputLines.Count(l => l.Length > 0);
            }

            most = Math.Max(most, count);
            samples++;
        }

        return (most, samples);
    }

    private static async Task<string[]> RunningContainersAsync(RemoteDockerHost host) =>
        [.. (await ToolRunner.RunAsync(host.EngineCommand("ps", "--format", "{{.Names}}"))).OutputLines];

    private static Uri EdgeOf(RemoteDockerHost host) => new($"http://{host.Address}:8081/");

    private async Task<string?[]> ServedVersionsAsync() => await Task.WhenAll(hosts.Select(ServedVersionAsync));

    /// <summary>The stand-in answers every other path with its version, through the host's own edge.</summary>
    private async Task<string?> ServedVersionAsync(RemoteDockerHost host)
    {
        try
        {
            return (await http.GetStringAsync(EdgeOf(host))).Trim();
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Every report shows the load ran, and not one request failed: no non-2xx answer (<paramref name="why"/>), no socket error.</summary>
    private static void AssertNoFailedRequest(IEnumerable<WrkReport> reports, string why)
    {
        foreach (var report in reports)
        {
            Assert.That(report.Requests, Is.GreaterThan(100), "the load ran");
            Assert.That(report.Non2xx, Is.Zero, why);
            Assert.That(report.SocketErrors, Is.Zero, report.SocketErrorsByKind);
        }
    }

    private static readonly TimedProgress Timing = new("hosts");

    private static void Progress(string line) => Timing.Write(line);

    private static Task<T> TimedAsync<T>(string what, Func<Task<T>> action) => Timing.TimeAsync(what, action);
}
