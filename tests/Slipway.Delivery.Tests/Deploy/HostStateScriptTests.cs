using Slipway.Delivery.Deploy;
using Slipway.Delivery.Docker;
using Slipway.Delivery.Edge;
using Slipway.Delivery.Tests.Docker;
using Slipway.Engine;
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
    public void On_a_local_volume_the_same_scripts_run_in_a_local_shell_as_the_edge_s_user_with_an_empty_environment()
    {
        var asEdgeUser = commands.On(new LocalEdgeVolume("/var/lib/docker/volumes/slipway-edge-staging/_data", 99, 98)).Acquire(Owner("d-1"));
        var asRoot = commands.On(new LocalEdgeVolume("/srv/edge", 0, 0)).ReadLog();

        Assert.Multiple(() =>
        {
            Assert.That(asEdgeUser.FileName, Is.EqualTo("setpriv"));
            Assert.That(asEdgeUser.Arguments.Take(4), Is.EqualTo(new[] { "--reuid=99", "--regid=98", "--clear-groups", "--no-new-privs" }));
            Assert.That(asEdgeUser.Arguments.Skip(4).Take(5), Is.EqualTo(new[] { "env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "sh", "-c" }));
            Assert.That(ScriptOf(asEdgeUser), Is.EqualTo(ScriptOf(commands.Acquire(Owner("d-1")))), "the very script the edge runs");
            Assert.That(asEdgeUser.Arguments.TakeLast(2), Is.EqualTo(new[] { "./slipway", "d-1" }), "relative to the volume: the edge's user cannot traverse Docker's directory");
            Assert.That(asEdgeUser.WorkingDirectory, Is.EqualTo("/var/lib/docker/volumes/slipway-edge-staging/_data"));
            Assert.That(asEdgeUser.StandardInput, Does.Contain("\"id\":\"d-1\""));
            Assert.That(asRoot.FileName, Is.EqualTo("env"), "no user to change to");
            Assert.That(asRoot.Arguments[^1], Is.EqualTo("./slipway/" + DeployLogFormat.FileName));
            Assert.That(asRoot.WorkingDirectory, Is.EqualTo("/srv/edge"));
        });
    }

    [Test]
    public async Task The_local_shell_takes_and_releases_the_lock_the_edge_s_scripts_see()
    {
        // The volume's directory holds the state in slipway/, as the edge's volume does.
        var engine = new DockerEngine(TestDocker.Cli(), "fake");
        var state = Path.Combine(directory, "slipway");
        var local = commands.On(new LocalEdgeVolume(directory, 0, 0));
        if (!System.Environment.IsPrivilegedProcess)
        {
            // Only root may be uid 0: a non-root run plays the edge's user with its own ids, as setpriv would.
            var ids = LocalEdgeVolume.ParseStatus(await File.ReadAllTextAsync("/proc/self/status"))!.Value;
            local = commands.On(new LocalEdgeVolume(directory, ids.Uid, ids.Gid));
        }

        var taken = LockProbe.Parse((await local.RunAsync(engine, local.Acquire(Owner("d-1")))).StandardOutput);
        var refused = LockProbe.Parse((await RunAsync(commands.Acquire(Owner("d-2")), state)).StandardOutput);
        var released = (await local.TryRunAsync(engine, local.Release("d-1"))).StandardOutput.Trim();

        Assert.Multiple(() =>
        {
            Assert.That(taken.Acquired, Is.True);
            Assert.That(refused.Acquired, Is.False);
            Assert.That(refused.Holder!.Id, Is.EqualTo("d-1"));
            Assert.That(released, Is.EqualTo("released"));
            Assert.That(Directory.Exists(Path.Combine(state, "lock")), Is.False);
        });
    }

    [Test]
    public void The_edge_s_user_is_the_effective_ids_of_its_main_process()
    {
        const string status = "Name:\thaproxy\nUid:\t99\t99\t99\t99\nGid:\t98\t97\t97\t97\nGroups:\t\n";

        Assert.Multiple(() =>
        {
            Assert.That(LocalEdgeVolume.ParseStatus(status), Is.EqualTo((99, 97)));
            Assert.That(LocalEdgeVolume.ParseStatus("Name:\tx\n"), Is.Null);
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

    [Test]
    public async Task The_final_record_and_the_release_go_in_one_command_and_a_lock_that_is_no_longer_ours_stays()
    {
        await RunAsync(commands.Acquire(Owner("d-1")));

        var foreign = (await RunAsync(commands.AppendAndRelease(Record("d-2", "2.0.0", DeployResults.Failed, 1), "d-2"))).StandardOutput;
        var own = (await RunAsync(commands.AppendAndRelease(Record("d-1", "1.0.0", DeployResults.Succeeded, 0), "d-1"))).StandardOutput;
        var records = DeployLogFormat.Parse((await RunAsync(commands.ReadLog())).StandardOutput, out _);
        var next = LockProbe.Parse((await RunAsync(commands.Acquire(Owner("d-3")))).StandardOutput);

        Assert.Multiple(() =>
        {
            Assert.That(foreign.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "appended", "not-ours" }), "its record is kept; the holder's lock is not touched");
            Assert.That(own.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "appended", "released" }));
            Assert.That(records.Select(r => r.Id), Is.EqualTo(new[] { "d-2", "d-1" }));
            Assert.That(next.Acquired, Is.True, "released");
        });
    }

    [Test]
    public async Task A_reader_racing_the_heartbeat_never_sees_it_empty()
    {
        await RunAsync(commands.Acquire(Owner("d-1")));
        var beat = ScriptOf(commands.Heartbeat("d-1"));
        var heartbeat = Path.Combine(directory, "lock", "heartbeat");

        // Forty beats in one sh, while the same sh reads the file as fast as it can: any read of an empty or missing file counts.
        const string Race =
            "( i=0; while [ $i -lt 40 ]; do sh -c \"$1\" beat \"$2\" d-1 >/dev/null; i=$((i+1)); done ) & w=$!; " +
            "empty=0; reads=0; while kill -0 $w 2>/dev/null; do reads=$((reads+1)); [ -s \"$3\" ] || empty=$((empty+1)); done; echo \"$empty $reads\"";
        var race = await ToolRunner.RunAsync(
            new ToolInvocation("sh", "-c", Race, "race", beat[0], directory, heartbeat) { LogOutput = false, Timeout = TimeSpan.FromMinutes(2) });

        var counts = race.StandardOutput.Trim().Split(' ').Select(int.Parse).ToArray();
        TestContext.Out.WriteLine($"{counts[1]} reads, {counts[0]} empty");
        Assert.Multiple(() =>
        {
            Assert.That(counts[1], Is.GreaterThan(100), "the reader raced the beats");
            Assert.That(counts[0], Is.Zero, "a reader never sees the heartbeat empty");
        });
    }

    [Test]
    public async Task An_empty_heartbeat_counts_as_alive_while_one_left_empty_long_ago_still_goes_stale()
    {
        await RunAsync(commands.Acquire(Owner("d-1")));
        var heartbeat = Path.Combine(directory, "lock", "heartbeat");

        // What a truncate-then-write heartbeat (an older Slipway's) shows a reader at the wrong instant.
        await File.WriteAllTextAsync(heartbeat, string.Empty);
        var probe = LockProbe.Parse((await RunAsync(commands.Acquire(Owner("d-2")))).StandardOutput);
        var fresh = (await RunAsync(commands.BreakIfStale(TimeSpan.FromMinutes(2)))).StandardOutput.Trim();
        File.SetLastWriteTimeUtc(heartbeat, DateTime.UtcNow.AddHours(-1));
        var old = (await RunAsync(commands.BreakIfStale(TimeSpan.FromMinutes(2)))).StandardOutput.Trim();

        Assert.Multiple(() =>
        {
            Assert.That(probe.IsStale(TimeSpan.FromMinutes(2)), Is.False, probe.Describe(TimeSpan.FromMinutes(2)));
            Assert.That(probe.HeartbeatAgeSeconds, Is.InRange(0, 5));
            Assert.That(fresh, Is.EqualTo("alive"), "an empty heartbeat is one being written: the lock is alive");
            Assert.That(old, Is.EqualTo("broken"), "a heartbeat left empty by a deploy that died an hour ago does not keep its lock forever");
        });
    }

    [Test]
    public async Task An_append_after_a_torn_line_starts_a_line_of_its_own_and_both_neighbours_are_read()
    {
        await RunAsync(commands.Append(Record("d-1", "1.0.0", DeployResults.Succeeded, 0)));
        var log = Path.Combine(directory, DeployLogFormat.FileName);

        // An append killed mid-line leaves a record without its end and without the newline.
        await File.AppendAllTextAsync(log, DeployLogFormat.Serialize(Record("d-2", "1.1.0", DeployResults.Succeeded, 5))[..50]);
        await RunAsync(commands.Append(Record("d-3", "1.2.0", DeployResults.Succeeded, 10)));
        await RunAsync(commands.Append(Record("d-4", "1.3.0", DeployResults.Succeeded, 15)));

        var text = (await RunAsync(commands.ReadLog())).StandardOutput;
        var records = DeployLogFormat.Read(text, out var damaged);

        Assert.Multiple(() =>
        {
            Assert.That(records.Select(r => r.Id), Is.EqualTo(new[] { "d-1", "d-3", "d-4" }), "only the torn record is lost");
            Assert.That(damaged, Is.EqualTo(new[] { 2 }), "the torn line is reported by number");
            Assert.That(text.Split('\n')[2], Is.EqualTo(DeployLogFormat.Serialize(Record("d-3", "1.2.0", DeployResults.Succeeded, 10))),
                "the append after the torn line starts a line of its own");
            Assert.That(text, Does.EndWith("}\n"));
            Assert.That(Directory.GetFiles(directory).Select(Path.GetFileName), Is.EqualTo(new[] { DeployLogFormat.FileName }), "no staging file is left behind");
        });
    }

    [Test]
    public async Task A_lock_broken_by_someone_else_is_found_lost_when_checked_before_retiring()
    {
        // docker exec into the edge, played by a script that runs the command in a local sh on the temp folder.
        var docker = Path.Combine(directory, "fake-docker");
        await File.WriteAllTextAsync(docker,
            "#!/bin/sh\nshift; [ \"$1\" = --interactive ] && shift; shift\n" +
            $"for a in \"$@\"; do case \"$a\" in {HostStateCommands.StateDirectory}*) a=\"{directory}${{a#{HostStateCommands.StateDirectory}}}\";; esac; set -- \"$@\" \"$a\"; shift; done\n" +
            "exec \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(docker, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var cli = TestDocker.Cli(executable: docker);
        var state = new HostStateCommands(cli, "staging");

        await using var lease = await DeployLock.AcquireAsync(new DockerEngine(cli, "fake"), state, Owner("d-1"), TimeSpan.FromMinutes(2), force: false);
        await lease.EnsureHeldAsync();
        var held = lease.IsLost;
        Directory.Delete(Path.Combine(directory, "lock"), recursive: true);
        var taken = LockProbe.Parse((await RunAsync(commands.Acquire(Owner("d-2")))).StandardOutput);
        var lost = Assert.ThrowsAsync<BuildFailedException>(() => lease.EnsureHeldAsync());

        Assert.Multiple(() =>
        {
            Assert.That(held, Is.False);
            Assert.That(taken.Acquired, Is.True, "another deploy took the lock");
            Assert.That(lost!.Message, Does.Contain("d-1").And.Contain("was broken by someone else"));
            Assert.That(lease.IsLost, Is.True);
        });
    }

    private static string[] ScriptOf(ToolInvocation invocation) => [.. invocation.Arguments.SkipWhile(a => a != "-c").Skip(1).Take(1)];

    private static LockOwner Owner(string id) => new() { Id = id, Kind = DeployKind.Deploy, Who = "tester", Since = T0 };

    /// <summary>Runs the script part of a <c>docker exec … sh -c</c> invocation in a local sh, with the state directory moved to the temp folder.</summary>
    private async Task<ToolResult> RunAsync(ToolInvocation invocation, string? stateDirectory = null)
    {
        var script = invocation.Arguments.SkipWhile(a => a != "sh").Skip(1)
            .Select(a => a.StartsWith(HostStateCommands.StateDirectory, StringComparison.Ordinal) ? (stateDirectory ?? directory) + a[HostStateCommands.StateDirectory.Length..] : a)
            .ToArray();
        var result = await ToolRunner.RunAsync(new ToolInvocation("sh", script) { StandardInput = invocation.StandardInput, LogOutput = false });
        Assert.That(result.Succeeded, Is.True, result.StandardError);
        return result;
    }
}
