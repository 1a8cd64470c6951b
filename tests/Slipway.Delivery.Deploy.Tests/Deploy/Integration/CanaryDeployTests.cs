using Slipway.Delivery.Deploy;
using Slipway.Delivery.Tests.Docker;
using Slipway.Engine;
using Slipway.Engine.Tooling;
using Slipway.Testing;

namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>
/// Canary deploys on the real engine and edge under continuous load: each step's share measured from the load's own
/// answers (every answer names the version that gave it), and a version that fails only some requests caught at the
/// first step with no failure beyond the canary's share.
/// </summary>
[NonParallelizable]
public class CanaryDeployTests
{
    // The edge balances by smooth weighted round robin, so a step's share is within a point or two of its weight; the
    // margin covers answers in flight across a weight change at the step's edges.
    private const double Tolerance = 0.07;

    private IReadOnlyDictionary<string, string> images = null!;

    [OneTimeSetUp]
    public async Task BuildImagesAsync() => images = await DeployTestImages.StandInsAsync();

    [Test]
    public async Task A_canary_takes_each_share_in_turn_then_everything_and_a_version_failing_some_requests_is_caught_at_the_first_step()
    {
        await using var environment = await TestEnvironment.CreateAsync(e => e with
        {
            Strategy = DeployStrategy.Canary,
            CanarySteps = [20, 50],
            CanaryStepWindow = TimeSpan.FromSeconds(3),
            BakeWindow = TimeSpan.FromSeconds(1),
        });
        var first = await environment.DeployAsync(images["v1"]);
        await using var load = new HttpLoadGenerator(environment.Url, concurrency: 4);
        await load.WaitForAnswersAsync("1.0.0", 50);

        var canary = await environment.DeployAsync(images["v2"]);
        var afterCanary = load.Answers.Count;
        await load.WaitForAnswersAsync("2.0.0", load.Versions.GetValueOrDefault("2.0.0") + 50);
        var failure = Assert.ThrowsAsync<BuildFailedException>(() => environment.DeployAsync(images["flaky"]))!;
        var afterAbort = load.Answers.Count;
        await load.WaitForAnswersAsync("2.0.0", load.Versions.GetValueOrDefault("2.0.0") + 200);
        await load.StopAsync();

        var answers = load.Answers.ToList();
        var steps = canary.Record.Canary!;
        var shares = steps.Select(s => ShareOf("2.0.0", answers, load.StartedAt, s)).ToList();
        var flakyRecord = (await environment.RecordsAsync())[^1];
        var failed = answers.Where(a => a.Status != 200).ToList();
        TestContext.Out.WriteLine(failure.Message);
        TestContext.Out.WriteLine(load.Describe());
        TestContext.Out.WriteLine($"shares of 2.0.0 by step: {string.Join(", ", steps.Zip(shares, (s, share) => $"{s.Percent} % -> {100 * share:0.0} %"))}");
        Assert.Multiple(() =>
        {
            Assert.That(first.Record.Canary, Is.Null, "a first deploy has nothing to compare with: it switches at once");
            Assert.That(steps.Select(s => (s.Percent, s.Verdict)), Is.EqualTo(new[] { (20, "passed"), (50, "passed") }));
            Assert.That(DeploySummary.Describe(environment.Environment, canary), Does.Match(@"Canary: 20 % passed \(\d+ responses, 0 errors, p95 \d+ ms, [\d.]+ s\), 50 % passed"));
            Assert.That(steps.All(s => s.Responses >= environment.Environment.MinimumBakeRequests && s.Errors == 0), Is.True, "each step judged on enough responses");
            Assert.That(shares[0], Is.EqualTo(0.20).Within(Tolerance), "share of 2.0.0 at the 20 % step");
            Assert.That(shares[1], Is.EqualTo(0.50).Within(Tolerance), "share of 2.0.0 at the 50 % step");
            Assert.That(answers.Skip(afterCanary).Take(500).Count(a => a.Body == "1.0.0"), Is.LessThanOrEqualTo(8),
                "after the canary 2.0.0 takes everything (only requests in flight at the switch may still come from 1.0.0)");

            Assert.That(failure.ExitCode, Is.EqualTo(ExitCodes.RolledBack));
            Assert.That(failure.Message, Does.Contain("breached at canary step 1/2 (20 % of requests").And.Contains("5xx rate").And.Contains("2.0.0 takes every request again"));
            Assert.That(flakyRecord.Result, Is.EqualTo(DeployResults.RolledBack));
            Assert.That(flakyRecord.Canary!.Select(s => (s.Percent, s.Verdict)), Is.EqualTo(new[] { (20, "breached") }), "caught at the first step");
            Assert.That(failed.Where(a => a.Body != "6.1.0-flaky"), Is.Empty, "every failed request came from the canary, none from the stable version or the weight changes");
            Assert.That(failed, Is.Not.Empty, "the flaky version did take its share");
            Assert.That(answers.Skip(afterAbort + 8).All(a => a is { Status: 200, Body: "2.0.0" }), Is.True, "after the abort 2.0.0 takes every request");
            Assert.That(environment.ServedVersionAsync().Result, Is.EqualTo("2.0.0"));
        });
    }

    [Test]
    public async Task A_canary_left_by_a_deploy_that_died_is_ended_by_the_next_deploy_before_anything_else()
    {
        await using var environment = await TestEnvironment.CreateAsync(e => e with { BakeWindow = TimeSpan.Zero });
        await environment.DeployAsync(images["v1"]);
        await using var load = new HttpLoadGenerator(environment.Url, concurrency: 4);
        await load.WaitForAnswersAsync("1.0.0", 50);

        // A canary deploy that stops dead at its first step, as a killed process would: cancelled, nothing undone.
        using var dies = new CancellationTokenSource();
        var host = await environment.HostAsync(e => e with { Strategy = DeployStrategy.Canary, CanarySteps = [30], CanaryStepWindow = TimeSpan.FromSeconds(60) });
        var dying = new Deployer(host).DeployAsync(new DeployRequest { Image = DeployImage.FromReference(images["v2"]), Who = "deploy-tests" }, dies.Token);
        await load.WaitForAnswersAsync("2.0.0", 50);
        await dies.CancelAsync();
        Assert.That(async () => await dying, Throws.InstanceOf<OperationCanceledException>());
        var split = (await environment.SnapshotAsync()).Edge!;

        TestLog.Clear();
        var next = await environment.DeployAsync(images["v3"]);
        var log = TestLog.Messages.ToList();
        var settled = load.Answers.Count;
        await load.WaitForAnswersAsync("3.0.0", load.Versions.GetValueOrDefault("3.0.0") + 100);
        await load.StopAsync();

        Assert.Multiple(() =>
        {
            Assert.That(split.IsSplit, Is.True, "the dead deploy left both versions sharing the traffic");
            Assert.That(log, Has.Some.Contains("a canary left by a deploy that died"));
            Assert.That(next.Record.Result, Is.EqualTo(DeployResults.Succeeded));
            Assert.That(next.Record.PreviousVersion, Is.EqualTo("1.0.0"), "the larger share was the live version");
            Assert.That(load.Failures, Is.Empty, "no request failed, through the split, its end and the next deploy");
            Assert.That(load.Answers.Skip(settled + 8).All(a => a.Body == "3.0.0"), Is.True);
        });
    }

    [Test]
    public async Task A_dry_run_of_a_canary_deploy_chosen_by_strategy_prints_its_steps_and_changes_nothing()
    {
        await using var environment = await TestEnvironment.CreateAsync(e => e with { BakeWindow = TimeSpan.Zero });
        await environment.DeployAsync(images["v1"]);
        var before = await environment.SnapshotAsync();
        var root = Directory.CreateTempSubdirectory("slipway-canary-dry-run-").FullName;
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        try
        {
            var prefix = DeployEnvironmentOverrides.Prefix(environment.Name);
            var result = await ToolRunner.RunAsync(SampleBuildProcess.DeployStaging(root, environment.Environment, images["v2"], "--dry-run", "--strategy", "canary")
                .WithEnvironment(prefix + "CANARY_STEPS", "10,50"));
            var bad = await ToolRunner.RunAsync(SampleBuildProcess.DeployStaging(root, environment.Environment, images["v2"], "--dry-run", "--strategy", "rolling-thunder"));
            var output = result.StandardOutput + result.StandardError;
            var after = await environment.SnapshotAsync();

            Assert.Multiple(() =>
            {
                Assert.That(result.ExitCode, Is.Zero, output);
                Assert.That(bad.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
                Assert.That(bad.StandardOutput + bad.StandardError, Does.Contain("--strategy: 'rolling-thunder' is not a strategy; use blue-green, canary or rolling."));
                Assert.That(output, Does.Contain("canary 1/2: 10 % of new requests to 2.0.0").And.Contain("canary 2/2: 50 % of new requests to 2.0.0")
                    .And.Contain("Dry run: nothing was changed"));
                Assert.That(after.Records, Has.Count.EqualTo(before.Records.Count), "no record");
                Assert.That(after.Containers.Select(c => c.Name), Is.EquivalentTo(before.Containers.Select(c => c.Name)), "no container");
                Assert.That(after.Live!.Version, Is.EqualTo("1.0.0"));
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static double ShareOf(string version, IReadOnlyList<LoadAnswer> answers, DateTimeOffset loadStart, CanaryStepRecord step)
    {
        // The middle of the step: clear of requests in flight when its weight was set and of the next step's change.
        var from = step.Started - loadStart + TimeSpan.FromMilliseconds(300);
        var to = step.Started - loadStart + TimeSpan.FromMilliseconds(step.DurationMs - 100);
        var during = answers.Where(a => a.At >= from && a.At <= to).ToList();
        Assert.That(during, Has.Count.GreaterThan(100), $"enough answers during the {step.Percent} % step");
        return (double)during.Count(a => a.Body == version) / during.Count;
    }
}
