using System.Globalization;
using System.Text.RegularExpressions;
using Slipway.Delivery.Image;
using Slipway.Delivery.Tests.Docker;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>
/// Rehearse run by a real build process against a real environment on the local engine: the stand-in v1 serves, the
/// rehearsal deploys v2, then v2 with FAIL_PERCENT=100 (the bake must roll it back, exit 11), rolls back by hand to
/// v1 and forward to v2, and reports each phase with its time, requests and failures.
/// </summary>
[NonParallelizable]
public partial class RehearsalTests
{
    private IReadOnlyDictionary<string, string> images = null!;
    private string root = null!;

    [OneTimeSetUp]
    public async Task BuildImagesAsync() => images = await DeployTestImages.StandInsAsync();

    [SetUp]
    public void CreateRoot()
    {
        root = Directory.CreateTempSubdirectory("slipway-rehearse-").FullName;
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
    }

    [TearDown]
    public async Task CleanUpAsync()
    {
        Directory.Delete(root, recursive: true);
        var engine = await DockerTestEnvironment.ConnectAsync();
        await engine.TryRunAsync(engine.Images.Remove(force: true, $"{ImageName.DefaultRegistry}/{DeployTestImages.StandInRepository}:rehearsal-broken"));
    }

    [Test]
    public async Task Rehearse_deploys_the_broken_build_sees_it_rolled_back_rolls_back_by_hand_and_reports_each_phase()
    {
        await using var environment = await TestEnvironment.CreateAsync(e => e with { BakeWindow = TimeSpan.FromSeconds(4) });
        await environment.DeployAsync(images["v1"]);

        var result = await ToolRunner.RunAsync(SampleBuildProcess.Rehearse(root, environment.Environment,
            "--image", images["v2"], "--rehearsal-fault", "FAIL_PERCENT=100", "--bake-seconds", "4"));
        var output = result.StandardOutput + result.StandardError;
        TestContext.Out.WriteLine(output);
        // The report is printed, then repeated in the summary: the first is read.
        var phases = Phase().Matches(result.StandardOutput).DistinctBy(m => m.Groups["name"].Value, StringComparer.Ordinal).ToDictionary(m => m.Groups["name"].Value, m => m, StringComparer.Ordinal);
        int Figure(string phase, string group) => int.Parse(phases[phase].Groups[group].Value, CultureInfo.InvariantCulture);
        var records = await environment.RecordsAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), output);
            Assert.That(phases.Keys, Is.EqualTo(new[]
            {
                "deploy the current version", "build the broken build", "deploy the broken build, expect it stopped (smoke tests) or rolled back (bake)",
                "roll back by hand", "roll back by hand to the current version",
            }));
            Assert.That(phases["deploy the current version"].Groups["outcome"].Value, Is.EqualTo("1.0.0 -> 2.0.0 (succeeded)"));
            Assert.That(phases["deploy the broken build, expect it stopped (smoke tests) or rolled back (bake)"].Groups["outcome"].Value, Is.EqualTo("rolled back automatically (exit 11)"));
            Assert.That(phases["roll back by hand"].Groups["outcome"].Value, Does.EndWith("-> 1.0.0 (succeeded)"));
            Assert.That(phases["roll back by hand to the current version"].Groups["outcome"].Value, Does.EndWith("-> 2.0.0 (succeeded)"));
            Assert.That(phases.Values.Select(p => double.Parse(p.Groups["seconds"].Value, CultureInfo.InvariantCulture)), Has.All.GreaterThan(0));
            Assert.That(phases.Keys.Where(p => p != "build the broken build").Select(p => Figure(p, "requests")), Has.All.GreaterThan(0), "the load ran throughout");
            Assert.That(Figure("deploy the broken build, expect it stopped (smoke tests) or rolled back (bake)", "failed"), Is.GreaterThan(0), "users saw the broken build until the bake caught it");
            foreach (var quiet in new[] { "deploy the current version", "roll back by hand", "roll back by hand to the current version" })
            {
                Assert.That(Figure(quiet, "failed"), Is.Zero, $"{quiet}: no request fails in a zero-downtime switch");
            }

            Assert.That(result.StandardOutput, Does.Match(@"Rehearsal of t[0-9a-f]{8}: \d+ requests, \d+ failed, \d+\.\d s in all"));
            Assert.That(result.StandardOutput, Does.Match(@"failed from \d+\.\d s to \d+\.\d s: HTTP 500 x\d+"), "the failed requests are listed");
            Assert.That(records.Where(r => r.Kind == Delivery.Deploy.DeployKind.Deploy).Select(r => (r.Version, r.Result)).TakeLast(2),
                Is.EqualTo(new[] { ("2.0.0", "succeeded"), ("2.0.0", "rolled-back") }));
            Assert.That(await environment.ServedVersionAsync(), Is.EqualTo("2.0.0"), "staging ends on the current version");
        });
    }

    [Test]
    public async Task Rehearse_refuses_a_malformed_fault_and_an_environment_with_nothing_to_roll_back_to_before_changing_anything()
    {
        await using var environment = await TestEnvironment.CreateAsync();

        var malformed = await ToolRunner.RunAsync(SampleBuildProcess.Rehearse(root, environment.Environment, "--image", images["v2"], "--rehearsal-fault", "FAIL_PERCENT"));
        var empty = await ToolRunner.RunAsync(SampleBuildProcess.Rehearse(root, environment.Environment, "--image", images["v2"], "--rehearsal-fault", "FAIL_PERCENT=100"));

        Assert.Multiple(async () =>
        {
            Assert.That(malformed.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(malformed.StandardOutput + malformed.StandardError, Does.Contain("--rehearsal-fault 'FAIL_PERCENT' is not NAME=VALUE"));
            Assert.That(empty.ExitCode, Is.EqualTo(ExitCodes.BadInvocation), empty.StandardOutput + empty.StandardError);
            Assert.That(empty.StandardOutput + empty.StandardError, Does.Contain("so a rollback by hand would have nowhere to go: deploy an earlier version there first"));
            Assert.That(await environment.RecordsAsync(), Is.Empty, "nothing was deployed");
        });
    }

    [Test]
    public async Task Without_an_image_from_Push_Rehearse_takes_the_version_staging_serves_and_refuses_when_nothing_serves()
    {
        await using var environment = await TestEnvironment.CreateAsync(e => e with { BakeWindow = TimeSpan.FromSeconds(4) });
        var idle = await ToolRunner.RunAsync(SampleBuildProcess.Rehearse(root, environment.Environment, "--rehearsal-fault", "FAIL_PERCENT=100"));
        await environment.DeployAsync(images["v1"]);
        await environment.DeployAsync(images["v2"]);

        // As pipeline-test.yml's rollback-only run: no push job, so no artifacts/image.json and no --image.
        var result = await ToolRunner.RunAsync(SampleBuildProcess.Rehearse(root, environment.Environment, "--rehearsal-fault", "FAIL_PERCENT=100", "--bake-seconds", "4"));
        var output = result.StandardOutput + result.StandardError;
        TestContext.Out.WriteLine(output);
        var records = await environment.RecordsAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(idle.ExitCode, Is.EqualTo(ExitCodes.BadInvocation), idle.StandardOutput + idle.StandardError);
            Assert.That(idle.StandardOutput + idle.StandardError, Does.Contain("and this run pushed no image: run Push first"));
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), output);
            Assert.That(output, Does.Contain("No image from Push and no --image: rehearsing with the version"));
            Assert.That(records.Where(r => r.Kind == Delivery.Deploy.DeployKind.Deploy).Select(r => (r.Version, r.Result)).Last(),
                Is.EqualTo(("2.0.0", "rolled-back")), "the broken build of the live version was caught");
            Assert.That(await environment.ServedVersionAsync(), Is.EqualTo("2.0.0"), "staging ends on the version it served");
        });
    }

    [GeneratedRegex(@"^  \d\. (?<name>[^:]+): (?<seconds>\d+\.\d) s, (?<requests>\d+) requests, (?<failed>\d+) failed — (?<outcome>.+)$", RegexOptions.Multiline)]
    private static partial Regex Phase();
}
