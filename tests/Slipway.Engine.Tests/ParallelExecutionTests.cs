using Serilog.Events;
using Slipway.Engine.Execution;
using Slipway.Engine.Hosts;
using Slipway.Engine.Tests.Builds;
using Slipway.Engine.Tests.Support;

namespace Slipway.Engine.Tests;

/// <summary>Targets really running side by side: overlap proven by a barrier, exclusion by a counter, output kept readable.</summary>
public sealed class ParallelExecutionTests
{
    private BuildHarness harness = null!;

    [SetUp]
    public void SetUp()
    {
        harness = new BuildHarness();
        ParallelBuild.Reset();
    }

    [TearDown]
    public void TearDown() => harness.Dispose();

    [Test]
    public void Independent_targets_run_at_the_same_time()
    {
        // Left and Right each wait at a barrier that opens only when both are inside: run one after the other, both fail.
        Assert.That(harness.Run<ParallelBuild>("Joined", "--parallel", "2"), Is.EqualTo(0), harness.Output);
        Assert.That(ParallelBuild.LastRun.First(), Is.EqualTo("Restore"));
        Assert.That(ParallelBuild.LastRun.Last(), Is.EqualTo("Joined"));
    }

    [Test]
    public void Parallel_is_the_default_with_one_slot_per_processor()
    {
        harness.ProcessorCount = 2;
        Assert.That(harness.Run<ParallelBuild>("Joined"), Is.EqualTo(0), harness.Output);
    }

    [Test]
    public void Parallel_1_runs_one_target_at_a_time_with_todays_output()
    {
        harness.ProcessorCount = 4;
        Assert.That(harness.Run<ParallelBuild>("Chatty", "Quiet", "--parallel", "1"), Is.EqualTo(0));
        Assert.That(harness.Output, Does.Contain("═══ Chatty ═══\nchatty line\n\n═══ Quiet ═══\nWARNING: quiet warning\n"));
        Assert.That(harness.Output, Does.Not.Contain("[Chatty]"));
    }

    [Test]
    public void Targets_with_the_same_exclusive_resource_never_overlap()
    {
        Assert.That(harness.Run<ParallelBuild>("BuildImage", "StartRegistry", "--parallel", "4"), Is.EqualTo(0), harness.Output);
        Assert.That(ParallelBuild.LastRun, Has.Count.EqualTo(2));
        Assert.That(ParallelBuild.MostDockerUsers, Is.EqualTo(1));
    }

    [Test]
    public void A_failure_lets_running_targets_finish_stops_new_ones_and_keeps_the_summary()
    {
        var exitCode = harness.Run<ParallelBuild>("Broken", "Slow", "Later", "Cleanup", "--parallel", "4");
        Assert.That(exitCode, Is.EqualTo(ExitCodes.TargetFailed));
        Assert.That(ParallelBuild.LastRun, Is.EquivalentTo(new[] { "Broken", "Slow", "Cleanup" }));
        Assert.That(harness.Output, Does.Match(@"Broken\s+Failed\s+\d+\.\ds\s+Broken exploded"));
        Assert.That(harness.Output, Does.Match(@"Slow\s+Succeeded"));
        Assert.That(harness.Output, Does.Match(@"Later\s+NotRun\s+–\s+an earlier target failed"));
        Assert.That(harness.Output, Does.Contain("Build failed (exit code 1)."));
    }

    [Test]
    public void In_a_terminal_each_line_of_a_target_carries_its_name()
    {
        Assert.That(harness.Run<ParallelBuild>("Chatty", "Quiet", "--parallel", "2"), Is.EqualTo(0));
        Assert.That(harness.Output, Does.Contain("[Chatty] chatty line"));
        Assert.That(harness.Output, Does.Contain("[Quiet] WARNING: quiet warning"));
        Assert.That(harness.Output, Does.Match(@"═══ Chatty: Succeeded in \d+\.\ds ═══"));
    }

    [Test]
    public void On_GitHub_each_target_is_printed_whole_as_one_group()
    {
        harness.Environment["GITHUB_ACTIONS"] = "true";
        Assert.That(harness.Run<ParallelBuild>("Chatty", "Quiet", "--parallel", "2"), Is.EqualTo(0));
        var lines = harness.Output.Split('\n');
        foreach (var (name, expected) in new[] { ("Chatty", "chatty line"), ("Quiet", "::warning::quiet warning") })
        {
            var start = Array.IndexOf(lines, $"::group::{name}");
            Assert.That(start, Is.GreaterThanOrEqualTo(0), harness.Output);
            Assert.That(lines[start + 1], Is.EqualTo(expected), harness.Output);
            Assert.That(lines[start + 2], Is.EqualTo("::endgroup::"), harness.Output);
        }
    }

    [Test]
    public void Parallel_rejects_a_count_below_one()
    {
        Assert.That(harness.Run<ParallelBuild>("Chatty", "--parallel", "0"), Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(harness.Output, Does.Contain("--parallel"));
    }

    [Test]
    public async Task On_GitHub_one_target_streams_live_and_the_others_wait_their_turn()
    {
        using var output = new StringWriter();
        var host = new GitHubActionsHost(output, null) { Interleaved = true };
        var targets = TargetGraph.Create(new ParallelBuild()).Targets;
        var left = targets.Single(t => t.Name == "Left");
        var right = targets.Single(t => t.Name == "Right");
        var joined = targets.Single(t => t.Name == "Joined");

        host.BeginTarget(left);
        host.BeginTarget(right);
        host.BeginTarget(joined);
        await LogAs(host, left, "left 1");
        await LogAs(host, right, "right 1");
        await LogAs(host, joined, "joined 1");
        Assert.That(output.ToString(), Is.EqualTo("::group::Left\nleft 1\n"), "Left streams; the others are held back");

        host.EndTarget(joined);
        Assert.That(output.ToString(), Is.EqualTo("::group::Left\nleft 1\n"), "a finished group never lands inside the open one");

        host.EndTarget(left);
        await LogAs(host, right, "right 2");
        host.EndTarget(right);
        Assert.That(output.ToString(), Is.EqualTo(
            "::group::Left\nleft 1\n::endgroup::\n" +
            "::group::Joined\njoined 1\n::endgroup::\n" +
            "::group::Right\nright 1\nright 2\n::endgroup::\n"));
    }

    /// <summary>Logs a line as the target's own code would: from inside its scope, on another thread.</summary>
    private static Task LogAs(BuildHost host, ExecutableTarget target, string line) => Task.Run(() =>
    {
        TargetScope.Enter(target);
        host.WriteLog(LogEventLevel.Information, line);
    });
}
