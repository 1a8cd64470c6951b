using Slipway.Delivery.Deploy;
using Slipway.Delivery.Edge;
using Slipway.Engine;
using Slipway.Engine.Tooling;
using Slipway.Testing;

namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>
/// Replicas on the real engine and edge under continuous load: Scale up and down without a failed request, a deploy and
/// a rollback that carry every replica, and a replica that dies taken out of rotation by its checks while the others serve.
/// </summary>
[NonParallelizable]
public class ScaleTests
{
    private IReadOnlyDictionary<string, string> images = null!;

    [OneTimeSetUp]
    public async Task BuildImagesAsync() => images = await DeployTestImages.StandInsAsync();

    [Test]
    public async Task Scaling_one_to_three_to_one_under_load_drops_no_request_and_every_replica_takes_a_share()
    {
        await using var environment = await TestEnvironment.CreateAsync(e => e with { BakeWindow = TimeSpan.Zero, RetainedVersions = 2 });
        await environment.DeployAsync(images["v1"]);
        await using var load = new HttpLoadGenerator(environment.Url, concurrency: 4);
        await load.WaitForAnswersAsync("1.0.0", 50);

        var up = await environment.ScaleAsync(3);
        var scaledUp = await environment.SnapshotAsync();
        var active = scaledUp.Edge!.ActiveSlot!.Value;
        var countsAtUp = Responses(scaledUp.Edge, active);
        await load.WaitForAnswersAsync("1.0.0", load.Versions["1.0.0"] + 600);
        var countsLater = Responses((await environment.SnapshotAsync()).Edge!, active);

        var down = await environment.ScaleAsync(1);
        var scaledDown = await environment.SnapshotAsync();
        await load.WaitForAnswersAsync("1.0.0", load.Versions["1.0.0"] + 200);
        var again = await environment.ScaleAsync(1);
        await load.StopAsync();
        var scaleRecords = (await environment.RecordsAsync()).Where(r => r.Kind == DeployKind.Scale).ToList();
        TestContext.Out.WriteLine(load.Describe());
        TestContext.Out.WriteLine(up.Record.Message);
        TestContext.Out.WriteLine(down.Record.Message);

        Assert.Multiple(() =>
        {
            Assert.That(load.Failures, Is.Empty, "no request failed while replicas were added and removed");
            Assert.That(up.Record.Message, Does.Contain("scaled up from 1 replica to 3 replicas"));
            Assert.That(scaledUp.Live!.Replicas.Select(r => (r.Replica, r.IsRunning)), Is.EqualTo(new[] { (2, true), (3, true) }));
            Assert.That(scaledUp.Edge.ReplicasOf(active).Select(s => (s.Server.Name, s.IsServing)),
                Is.EqualTo(new[] { (active.ServerName, true), (active.ServerName + "2", true), (active.ServerName + "3", true) }));
            Assert.That(countsLater.Zip(countsAtUp, (later, before) => later - before), Has.All.GreaterThan(100),
                "each of the three replicas answered its share of the 600 requests after the scale-up");
            Assert.That(down.Record.Message, Does.Contain("scaled down from 3 replicas to 1 replica"));
            Assert.That(scaledDown.Live!.Replicas, Is.Empty, "the removed replicas' containers are gone");
            Assert.That(scaledDown.Edge!.ReplicaCount(active), Is.EqualTo(1));
            Assert.That(again.Record.Result, Is.EqualTo(DeployResults.Unchanged));
            Assert.That(scaleRecords.Select(r => (r.Replicas, r.Result)),
                Is.EqualTo(new[] { ((int?)3, DeployResults.Succeeded), (1, DeployResults.Succeeded), (1, DeployResults.Unchanged) }));
        });
    }

    [Test]
    public async Task A_deploy_and_a_rollback_carry_every_replica_and_a_replica_that_dies_leaves_rotation_while_the_others_serve()
    {
        await using var environment = await TestEnvironment.CreateAsync(e => e with { BakeWindow = TimeSpan.Zero, RetainedVersions = 2, Replicas = 3 });
        var first = await environment.DeployAsync(images["v1"]);
        await using var load = new HttpLoadGenerator(environment.Url, concurrency: 4);
        await load.WaitForAnswersAsync("1.0.0", 50);

        var second = await environment.DeployAsync(images["v2"]);
        await load.WaitForAnswersAsync("2.0.0", 200);
        var afterDeploy = await environment.SnapshotAsync();
        var previous = afterDeploy.Containers.Single(c => c.Version == "1.0.0");

        var rollback = await environment.RollbackAsync();
        await load.WaitForAnswersAsync("1.0.0", load.Versions["1.0.0"] + 200);
        var afterRollback = await environment.SnapshotAsync();
        var failuresBeforeKill = load.Failures.Count;

        var victim = afterRollback.Live!.Replicas[0];
        await environment.DockerAsync("kill", victim.Name);
        var slot = afterRollback.Edge!.ActiveSlot!.Value;
        var outOfRotation = await WaitUntilAsync(async () => (await environment.SnapshotAsync()).Edge!.Servers.Single(s => s.Server == new EdgeServer(slot, 2)) is { IsUp: false });
        var afterDetection = load.Answers.Count;
        await load.WaitForRequestsAsync(load.Total + 300);
        await load.StopAsync();
        TestContext.Out.WriteLine(load.Describe());

        Assert.Multiple(() =>
        {
            Assert.That(first.Record.Replicas, Is.EqualTo(3));
            Assert.That(second.Record.Replicas, Is.EqualTo(3), "the new version started with as many replicas");
            Assert.That(afterDeploy.Live!.Replicas.Select(r => r.Version), Is.EqualTo(new[] { "2.0.0", "2.0.0" }));
            Assert.That(afterDeploy.Edge!.ReplicaCount(afterDeploy.Edge.ActiveSlot!.Value), Is.EqualTo(3));
            Assert.That(new[] { previous }.Concat(previous.Replicas).Select(c => c.IsRunning), Is.EqualTo(new[] { false, false, false }),
                "every replica of the previous version stopped, all kept for a rollback");
            Assert.That(rollback.Record.Replicas, Is.EqualTo(3));
            Assert.That(afterRollback.Live!.Version, Is.EqualTo("1.0.0"));
            Assert.That(afterRollback.Live.Replicas.Select(r => r.IsRunning), Is.EqualTo(new[] { true, true }), "the rollback started every retained replica");
            Assert.That(failuresBeforeKill, Is.Zero, "no request failed through the deploy and the rollback with three replicas");
            Assert.That(outOfRotation, Is.True, "the killed replica's checks took it out of rotation");
            Assert.That(load.Answers.Skip(afterDetection).All(a => a is { Status: 200, Body: "1.0.0" }), Is.True,
                "once out of rotation, the other two replicas answered every request");
        });
    }

    [Test]
    public async Task A_rolling_deploy_replaces_three_replicas_one_at_a_time_with_at_most_one_extra_container_and_no_failed_request()
    {
        await using var environment = await TestEnvironment.CreateAsync(RollingOneAtATime);
        await environment.DeployAsync(images["v1"]);
        await using var load = new HttpLoadGenerator(environment.Url, concurrency: 4);
        await load.WaitForAnswersAsync("1.0.0", 50);

        using var stop = new CancellationTokenSource();
        var peak = WatchRunningContainersAsync(environment, stop.Token);
        var rolled = await environment.DeployAsync(images["v2"]);
        await stop.CancelAsync();
        var settled = load.Answers.Count;
        await load.WaitForAnswersAsync("2.0.0", load.Versions.GetValueOrDefault("2.0.0") + 200);
        await load.StopAsync();
        var after = await environment.SnapshotAsync();
        var previous = after.Containers.Single(c => c.Version == "1.0.0");
        TestContext.Out.WriteLine(load.Describe());
        TestContext.Out.WriteLine(string.Join(", ", rolled.Phases.Select(p => p.Phase)));

        Assert.Multiple(() =>
        {
            Assert.That(load.Failures, Is.Empty, "no request failed while the replicas were replaced one at a time");
            Assert.That(rolled.Phases.Select(p => p.Phase), Is.SupersetOf(new[] { "rolling 1/3", "rolling 2/3", "rolling 3/3", "switch" }));
            Assert.That(peak.Result, Is.LessThanOrEqualTo(4), "three replicas plus one batch at most, never two full colours");
            Assert.That(after.Live!.Version, Is.EqualTo("2.0.0"));
            Assert.That(after.Live.Replicas.Select(r => r.IsRunning), Is.EqualTo(new[] { true, true }));
            Assert.That(new[] { previous }.Concat(previous.Replicas).Select(c => c.IsRunning), Is.EqualTo(new[] { false, false, false }));
            Assert.That(load.Answers.Skip(settled + 8).All(a => a.Body == "2.0.0"), Is.True);
        });
    }

    [Test]
    public async Task A_rolling_deploy_whose_second_batch_cannot_start_puts_the_old_replicas_back_and_exits_11()
    {
        await using var environment = await TestEnvironment.CreateAsync(e => RollingOneAtATime(e) with { DeployTimeout = TimeSpan.FromSeconds(8) });
        await environment.DeployAsync(images["v1"]);
        await using var load = new HttpLoadGenerator(environment.Url, concurrency: 4);
        await load.WaitForAnswersAsync("1.0.0", 50);

        // 1.0.0 holds the range's first three ports, so 2.0.0's replicas get the next three: the second one's is taken here,
        // as a process outside Slipway could, and that replica cannot start.
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, environment.Environment.AppPorts.First + 4);
        squatter.Start();
        var failure = Assert.ThrowsAsync<BuildFailedException>(() => environment.DeployAsync(images["v2"]))!;
        var settled = load.Answers.Count;
        await load.WaitForAnswersAsync("1.0.0", load.Versions["1.0.0"] + 200);
        await load.StopAsync();
        var after = await environment.SnapshotAsync();
        TestContext.Out.WriteLine(failure.Message);
        TestContext.Out.WriteLine(load.Describe());

        Assert.Multiple(() =>
        {
            Assert.That(failure.ExitCode, Is.EqualTo(ExitCodes.RolledBack));
            Assert.That(failure.Message, Does.Contain("2.0.0 failed at rolling batch 2/3").And.Contain("1.0.0 takes every request again on 3 replica(s)"));
            Assert.That(after.Live!.Version, Is.EqualTo("1.0.0"));
            Assert.That(after.Edge!.ReplicasOf(after.Edge.ActiveSlot!.Value).Select(r => r.IsServing), Is.EqualTo(new[] { true, true, true }),
                "the replica batch 1 took out is back in rotation");
            Assert.That(after.Containers.Where(c => c.Version == "2.0.0").SelectMany(c => new[] { c }.Concat(c.Replicas)).Where(c => c.IsRunning), Is.Empty);
            Assert.That(load.Failures, Is.Empty, "no request failed through the batch, the failure and the way back");
            Assert.That(load.Answers.Skip(settled + 8).All(a => a.Body == "1.0.0"), Is.True);
        });
    }

    [Test]
    public async Task Scale_refuses_a_count_beyond_the_edge_and_an_environment_where_nothing_serves_before_any_change()
    {
        await using var environment = await TestEnvironment.CreateAsync(e => e with { BakeWindow = TimeSpan.Zero });
        var nothing = Assert.ThrowsAsync<BuildFailedException>(() => environment.ScaleAsync(2))!;
        await environment.DeployAsync(images["v1"]);
        var tooMany = Assert.ThrowsAsync<BuildFailedException>(() => environment.ScaleAsync(9))!;
        var records = await environment.RecordsAsync();

        Assert.Multiple(() =>
        {
            Assert.That(nothing.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(nothing.Message, Does.Contain("Nothing serves").And.Contain("deploy a version first"));
            Assert.That(tooMany.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(tooMany.Message, Does.Contain("--replicas (9) must be between 1 and 8"));
            Assert.That(records.Where(r => r.Kind == DeployKind.Scale && r.Result == DeployResults.Succeeded), Is.Empty);
        });
    }

    [Test]
    public async Task The_environments_workflow_command_lines_scale_and_turn_maintenance_on_and_off()
    {
        await using var environment = await TestEnvironment.CreateAsync(e => e with { BakeWindow = TimeSpan.Zero });
        await environment.DeployAsync(images["v1"]);
        var root = Directory.CreateTempSubdirectory("slipway-scale-process-").FullName;
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        try
        {
            // As environments.yml runs them: one turn_on box, so unchecked passes --on false.
            var scale = await ToolRunner.RunAsync(SampleBuildProcess.Operate(root, environment.Environment, "Scale", "--replicas", "2"));
            var scaled = await environment.SnapshotAsync();
            var on = await ToolRunner.RunAsync(SampleBuildProcess.Operate(root, environment.Environment, "Maintenance", "--on", "true", "--message", "Back soon"));
            using var during = await environment.Http.GetAsync(new Uri("/", UriKind.Relative));
            var off = await ToolRunner.RunAsync(SampleBuildProcess.Operate(root, environment.Environment, "Maintenance", "--on", "false"));
            var after = await environment.Http.GetStringAsync(new Uri("/", UriKind.Relative));
            var missing = await ToolRunner.RunAsync(SampleBuildProcess.Operate(root, environment.Environment, "Scale"));

            Assert.Multiple(() =>
            {
                Assert.That(scale.ExitCode, Is.Zero, scale.StandardOutput + scale.StandardError);
                Assert.That(scale.StandardOutput, Does.Contain("scaled up from 1 replica to 2 replicas"));
                Assert.That(scaled.Live!.Replicas, Has.Count.EqualTo(1));
                Assert.That(on.ExitCode, Is.Zero, on.StandardOutput + on.StandardError);
                Assert.That(during.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.ServiceUnavailable));
                Assert.That(off.ExitCode, Is.Zero, off.StandardOutput + off.StandardError);
                Assert.That(off.StandardOutput, Does.Contain("Maintenance off"));
                Assert.That(after, Is.EqualTo("1.0.0"), "both replicas answer again");
                Assert.That(missing.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
                Assert.That(missing.StandardOutput + missing.StandardError, Does.Contain("Replicas"));
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static DeployEnvironment RollingOneAtATime(DeployEnvironment environment) => environment with
    {
        BakeWindow = TimeSpan.Zero,
        RetainedVersions = 2,
        Replicas = 3,
        Strategy = DeployStrategy.Rolling,
        RollingBatch = 1,
    };

    private static async Task<int> WatchRunningContainersAsync(TestEnvironment environment, CancellationToken cancellationToken)
    {
        var peak = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var running = await environment.DockerAsync("ps", "--quiet", "--filter", $"label=slipway.environment={environment.Name}", "--filter", "label=slipway.role=app");
                peak = Math.Max(peak, running.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
                await Task.Delay(150, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }

        return peak;
    }

    private static List<long> Responses(EdgeStatus edge, EdgeSlot slot) =>
        [.. edge.ReplicasOf(slot).Select(s => s.Statistics?.ResponsesTotal ?? 0)];

    private static async Task<bool> WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
