using Slipway.Delivery.Deploy;
using Slipway.Delivery.Tests.Docker;
using Slipway.Engine.Tooling;
using static Slipway.Delivery.Tests.Deploy.DeployFakes;

namespace Slipway.Delivery.Tests.Deploy;

/// <summary>
/// The lock and log scripts are shell run inside the edge container; here the very same scripts run in a real
/// <c>sh</c> against a temporary directory instead of the edge's volume (the container tests run them in the edge).
/// </summary>
public class HostStateScriptTests
{
    private readonly HostStateCommands commands = new(TestDocker.Cli(), "staging");
    private string directory = null!;

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("slipway-state-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    [Test]
    public void The_commands_are_docker_exec_into_the_environment_s_edge_with_values_as_arguments()
    {
        var acquire = commands.Acquire(Owner("d-1"));
        var remote = new HostStateCommands(TestDocker.Cli("ssh://deploy@app1", "/usr/bin/docker"), "production").Heartbeat("d-1");

        Assert.Multiple(() =>
        {
            Assert.That(acquire.Arguments.Take(5), Is.EqualTo(new[] { "exec", "--interactive", "slipway-edge-staging", "sh", "-c" }));
            Assert.That(acquire.Arguments.TakeLast(2), Is.EqualTo(new[] { "/var/lib/haproxy/slipway", "d-1" }));
            Assert.That(acquire.StandardInput, Does.Contain("\"id\":\"d-1\""));
            Assert.That(remote.Render(), Does.StartWith("/usr/bin/docker --host ssh://deploy@app1 exec slipway-edge-production sh -c"));
            Assert.That(remote.Arguments, Does.Not.Contain("--interactive"), "no stdin is attached when nothing is sent");
        });
    }

    [Test]
    public async Task Exactly_one_of_two_takes_the_lock_and_the_other_sees_who_holds_it()
    {
        var first = LockProbe.Parse((await RunAsync(commands.Acquire(Owner("d-1")))).StandardOutput);
        var second = LockProbe.Parse((await RunAsync(commands.Acquire(Owner("d-2")))).StandardOutput);

        Assert.Multiple(() =>
        {
            Assert.That(first.Acquired, Is.True);
            Assert.That(second.Acquired, Is.False);
            Assert.That(second.Holder!.Id, Is.EqualTo("d-1"));
            Assert.That(second.HeartbeatAgeSeconds, Is.InRange(0, 5));
        });
    }

    [Test]
    public async Task Twenty_concurrent_takers_get_exactly_one_lock()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => RunAsync(commands.Acquire(Owner($"d-{i}")))));

        Assert.That(results.Count(r => LockProbe.Parse(r.StandardOutput).Acquired), Is.EqualTo(1));
    }

    [Test]
    public async Task Only_the_holder_releases_or_renews_the_lock()
    {
        await RunAsync(commands.Acquire(Owner("d-1")));

        var foreignRelease = (await RunAsync(commands.Release("d-2"))).StandardOutput.Trim();
        var foreignBeat = (await RunAsync(commands.Heartbeat("d-2"))).StandardOutput.Trim();
        var ownBeat = (await RunAsync(commands.Heartbeat("d-1"))).StandardOutput.Trim();
        var ownRelease = (await RunAsync(commands.Release("d-1"))).StandardOutput.Trim();
        var next = LockProbe.Parse((await RunAsync(commands.Acquire(Owner("d-3")))).StandardOutput);

        Assert.Multiple(() =>
        {
            Assert.That(foreignRelease, Is.EqualTo("not-ours"));
            Assert.That(foreignBeat, Is.EqualTo("lost"));
            Assert.That(ownBeat, Is.EqualTo("ok"));
            Assert.That(ownRelease, Is.EqualTo("released"));
            Assert.That(next.Acquired, Is.True);
        });
    }

    [Test]
    public async Task A_stale_lock_is_broken_only_when_still_stale_and_then_can_be_taken()
    {
        await RunAsync(commands.Acquire(Owner("d-1")));

        var alive = (await RunAsync(commands.BreakIfStale(TimeSpan.FromMinutes(2)))).StandardOutput.Trim();
        File.WriteAllText(Path.Combine(directory, "lock", "heartbeat"), "1000\n");
        var broken = (await RunAsync(commands.BreakIfStale(TimeSpan.FromMinutes(2)))).StandardOutput.Trim();
        var gone = (await RunAsync(commands.BreakIfStale(TimeSpan.FromMinutes(2)))).StandardOutput.Trim();
        var next = LockProbe.Parse((await RunAsync(commands.Acquire(Owner("d-2")))).StandardOutput);

        Assert.Multiple(() =>
        {
            Assert.That(alive, Is.EqualTo("alive"));
            Assert.That(broken, Is.EqualTo("broken"));
            Assert.That(gone, Is.EqualTo("gone"));
            Assert.That(next.Acquired, Is.True);
            Assert.That(Directory.GetDirectories(directory).Select(Path.GetFileName), Is.EqualTo(new[] { "lock" }), "the broken lock is not left behind");
        });
    }

    [Test]
    public async Task The_deploy_log_is_appended_line_by_line_and_read_back()
    {
        var empty = (await RunAsync(commands.ReadLog())).StandardOutput;
        await RunAsync(commands.Append(Record("d-1", "1.0.0", DeployResults.Succeeded, 0)));
        await Task.WhenAll(Enumerable.Range(2, 10).Select(i => RunAsync(commands.Append(Record($"d-{i}", "1.0.0", DeployResults.Succeeded, i)))));

        var records = DeployLogFormat.Parse((await RunAsync(commands.ReadLog())).StandardOutput, out var unreadable);

        Assert.Multiple(() =>
        {
            Assert.That(empty, Is.Empty);
            Assert.That(records, Has.Count.EqualTo(11));
            Assert.That(records[0].Id, Is.EqualTo("d-1"));
            Assert.That(unreadable, Is.Zero, "concurrent appends never interleave within a line");
        });
    }

    private static LockOwner Owner(string id) => new() { Id = id, Kind = DeployKind.Deploy, Who = "tester", Since = T0 };

    /// <summary>Runs the script part of a <c>docker exec … sh -c</c> invocation in a local sh, with the state directory moved to the temp folder.</summary>
    private async Task<ToolResult> RunAsync(ToolInvocation invocation)
    {
        var script = invocation.Arguments.SkipWhile(a => a != "sh").Skip(1)
            .Select(a => a.StartsWith(HostStateCommands.StateDirectory, StringComparison.Ordinal) ? directory + a[HostStateCommands.StateDirectory.Length..] : a)
            .ToArray();
        var result = await ToolRunner.RunAsync(new ToolInvocation("sh", script) { StandardInput = invocation.StandardInput, LogOutput = false });
        Assert.That(result.Succeeded, Is.True, result.StandardError);
        return result;
    }
}
