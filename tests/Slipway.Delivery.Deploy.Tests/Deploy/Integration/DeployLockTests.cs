using Slipway.Delivery.Deploy;
using Slipway.Delivery.Edge;
using Slipway.Engine;
using Slipway.Engine.Tooling;
using Slipway.Testing;

namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>
/// The environment lock on the real engine, and deploys as real processes (the sample build): exit codes are the
/// process's own, and a deploy killed with SIGKILL leaves its lock behind for the next run to find.
/// </summary>
[NonParallelizable]
public class DeployLockTests
{
    private IReadOnlyDictionary<string, string> images = null!;
    private string root = null!;

    [OneTimeSetUp]
    public async Task BuildImagesAsync()
    {
        images = await DeployTestImages.StandInsAsync();
        root = Directory.CreateTempSubdirectory("slipway-deploy-build-").FullName;
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
    }

    [OneTimeTearDown]
    public void DeleteRoot() => Directory.Delete(root, recursive: true);

    [Test]
    public async Task Of_two_deploys_at_once_the_second_exits_12_naming_the_holder_and_the_first_completes()
    {
        await using var environment = await TestEnvironment.CreateAsync();
        await environment.DeployAsync(images["v1"], e => e with { BakeWindow = TimeSpan.Zero });

        var first = environment.DeployAsync(images["v2"], e => e with { BakeWindow = TimeSpan.FromSeconds(6) });
        await WaitUntilLockedAsync(environment);
        var second = Assert.ThrowsAsync<BuildFailedException>(() => environment.DeployAsync(images["v3"]))!;
        var outcome = await first;

        TestContext.Out.WriteLine(second.Message);
        Assert.Multiple(() =>
        {
            Assert.That(second.ExitCode, Is.EqualTo(ExitCodes.EnvironmentLocked));
            Assert.That(second.Message, Does.Contain($"held by deploy {outcome.Record.Id}").And.Contains("by deploy-tests").And.Contains(" since ")
                .And.Contains("last heartbeat"));
            Assert.That(outcome.Record.Result, Is.EqualTo(DeployResults.Succeeded));
        });
        Assert.That(await environment.ServedVersionAsync(), Is.EqualTo("2.0.0"));
        Assert.That((await environment.RecordsAsync()).Select(r => r.Version), Is.EqualTo(new[] { "1.0.0", "2.0.0" }), "the refused deploy changed nothing and left no record");
    }

    [Test]
    public async Task A_deploy_refused_by_a_held_lock_leaves_the_edge_config_as_it_was()
    {
        await using var environment = await TestEnvironment.CreateAsync();
        await environment.DeployAsync(images["v1"], e => e with { BakeWindow = TimeSpan.Zero });
        var host = await environment.HostAsync();
        await host.Engine.RunAsync(host.State.Acquire(new LockOwner { Id = "d-other", Kind = DeployKind.Deploy, Who = "another-deploy", Since = DateTimeOffset.UtcNow }));
        var configBefore = await EdgeConfigAsync(environment);

        // Settings that change the rendered edge config: applying them must wait for the lock (issue 21, finding 8).
        var refused = Assert.ThrowsAsync<BuildFailedException>(() =>
            environment.DeployAsync(images["v2"], e => e with { HealthCheckInterval = TimeSpan.FromMilliseconds(400), BakeWindow = TimeSpan.Zero }))!;

        var configAfter = await EdgeConfigAsync(environment);

        Assert.Multiple(() =>
        {
            Assert.That(refused.ExitCode, Is.EqualTo(ExitCodes.EnvironmentLocked));
            Assert.That(configAfter, Is.EqualTo(configBefore), "the edge config was rewritten (and HAProxy reloaded) without the lock");
        });
    }

    [Test]
    public async Task A_lock_taken_on_the_local_volume_is_the_edge_s_lock_owned_by_the_edge_s_user()
    {
        await using var environment = await TestEnvironment.CreateAsync();
        await environment.DeployAsync(images["v1"], e => e with { BakeWindow = TimeSpan.Zero });
        await using var host = await environment.HostAsync();
        await host.Edge.InspectAsync();
        var local = host.State;
        var inEdge = new HostStateCommands(host.Engine.Cli, environment.Name);

        var taken = LockProbe.Parse((await local.RunAsync(host.Engine, local.Acquire(new LockOwner { Id = "d-local", Kind = DeployKind.Deploy, Who = "local", Since = DateTimeOffset.UtcNow }))).StandardOutput);
        var seenInEdge = LockProbe.Parse((await inEdge.RunAsync(host.Engine, inEdge.Acquire(new LockOwner { Id = "d-exec", Kind = DeployKind.Deploy, Who = "exec", Since = DateTimeOffset.UtcNow }))).StandardOutput);
        var owners = await environment.DockerAsync("exec", DeployNames.Edge(environment.Name), "sh", "-c", "stat -c %U /var/lib/haproxy/slipway/lock /var/lib/haproxy/slipway/lock/owner.json; id -un");
        var released = await inEdge.RunAsync(host.Engine, inEdge.Release("d-local"));

        Assert.Multiple(() =>
        {
            // A privileged process on the engine's machine (CI runs as root) goes through the volume; anyone else through the edge.
            Assert.That(local.RunsLocally, Is.EqualTo(System.Environment.IsPrivilegedProcess));
            Assert.That(taken.Acquired, Is.True);
            Assert.That(seenInEdge.Acquired, Is.False, "the edge sees the lock taken on its volume");
            Assert.That(seenInEdge.Holder!.Id, Is.EqualTo("d-local"));
            Assert.That(owners.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct().Count(), Is.EqualTo(1), $"lock, its files and the edge's user are one user: {owners}");
            Assert.That(released.StandardOutput.Trim(), Is.EqualTo("released"), "the edge's user can release a lock taken on the volume");
        });
    }

    private static Task<string> EdgeConfigAsync(TestEnvironment environment) =>
        environment.DockerAsync("exec", DeployNames.Edge(environment.Name), "cat", EdgeContainerLayout.ConfigFile);

    [Test]
    public async Task A_deploy_killed_with_SIGKILL_leaves_a_lock_reported_stale_and_a_forced_rerun_converges()
    {
        await using var environment = await TestEnvironment.CreateAsync(e => e with { LockStaleAfter = TimeSpan.FromSeconds(3) });
        await environment.DeployAsync(images["v1"], e => e with { BakeWindow = TimeSpan.Zero });

        // The deploy of 2.0.0 runs as its own process; once traffic has switched (it is baking), it is killed with SIGKILL.
        using var kill = new CancellationTokenSource();
        var killed = ToolRunner.RunAsync(SampleBuild(environment, images["v2"], "--bake-seconds", "60"), kill.Token);
        await WaitForActiveUpstreamChangeAsync(environment);
        await kill.CancelAsync();
        Assert.CatchAsync<OperationCanceledException>(() => killed);

        var servingAfterKill = await environment.ServedVersionAsync();
        var fresh = await ToolRunner.RunAsync(SampleBuild(environment, images["v2"]));
        await Task.Delay(environment.Environment.LockStaleAfter + TimeSpan.FromSeconds(1));
        var stale = await ToolRunner.RunAsync(SampleBuild(environment, images["v2"]));
        var forced = await ToolRunner.RunAsync(SampleBuild(environment, images["v2"], "--force"));

        var snapshot = await environment.SnapshotAsync();
        TestContext.Out.WriteLine(Tail(stale));
        TestContext.Out.WriteLine(Tail(forced));
        Assert.Multiple(() =>
        {
            Assert.That(servingAfterKill, Is.EqualTo("2.0.0"), "killed after the switch: the new version serves, the old one is still warm");
            Assert.That(fresh.ExitCode, Is.EqualTo(ExitCodes.EnvironmentLocked), Tail(fresh));
            Assert.That(stale.ExitCode, Is.EqualTo(ExitCodes.EnvironmentLocked), Tail(stale));
            Assert.That(stale.StandardOutput + stale.StandardError, Does.Contain("STALE").And.Contains("--force"));
            Assert.That(forced.ExitCode, Is.EqualTo(ExitCodes.Success), Tail(forced));
            Assert.That(snapshot.Live!.Version, Is.EqualTo("2.0.0"));
            Assert.That(snapshot.Containers.Where(c => c.IsRunning).Select(c => c.Version), Is.EqualTo(new[] { "2.0.0" }), "the run converged: 1.0.0 stopped and retained");
            Assert.That(snapshot.Containers.Select(c => c.Version), Is.EquivalentTo(new[] { "1.0.0", "2.0.0" }));
            Assert.That(snapshot.Records.Select(r => r.Result), Is.EqualTo(new[] { DeployResults.Succeeded, DeployResults.Abandoned, DeployResults.Unchanged }));
            Assert.That(snapshot.Records[2].BrokeLockOf, Is.EqualTo(snapshot.Records[1].Id));
            Assert.That(snapshot.Records[1].Message, Does.Contain("--force"));
        });
        Assert.That(await environment.ServedVersionAsync(), Is.EqualTo("2.0.0"));
    }

    [Test]
    public async Task An_automatic_rollback_is_exit_code_11_of_the_build_process_so_CI_sees_it()
    {
        await using var environment = await TestEnvironment.CreateAsync();
        await environment.DeployAsync(images["v1"], e => e with { BakeWindow = TimeSpan.Zero });
        await using var load = new HttpLoadGenerator(environment.Url, concurrency: 4);
        await load.WaitForAnswersAsync("1.0.0", 20);

        var result = await ToolRunner.RunAsync(SampleBuild(environment, images["fivexx"], "--bake-seconds", "10"));
        await load.StopAsync();

        var output = result.StandardOutput + result.StandardError;
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.RolledBack), Tail(result));
            Assert.That(output, Does.Contain("ROLLED BACK automatically (exit 11)").And.Contains("5xx rate"));
            Assert.That(output, Does.Contain("Build failed (exit code 11)"));
        });
    }

    private ToolInvocation SampleBuild(TestEnvironment environment, string image, params string[] more) =>
        SampleBuildProcess.DeployStaging(root, environment.Environment, image, more);

    private static async Task WaitUntilLockedAsync(TestEnvironment environment)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var probe = await environment.DockerAsync("exec", DeployNames.Edge(environment.Name), "sh", "-c", "test -f /var/lib/haproxy/slipway/lock/heartbeat && echo locked");
            if (probe == "locked")
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("The first deploy never took the lock.");
    }

    private static async Task WaitForActiveUpstreamChangeAsync(TestEnvironment environment)
    {
        var before = (await environment.EdgeStatusAsync()).ActiveSlot;
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if ((await environment.EdgeStatusAsync()).ActiveSlot is { } active && active != before)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The deploy never switched traffic (active slot stayed {before?.ServerName}).");
    }

    private static string Tail(ToolResult result) =>
        string.Join('\n', (result.StandardOutput + result.StandardError).Split('\n').Where(l => !l.StartsWith("{\"@t", StringComparison.Ordinal)).TakeLast(25));
}
