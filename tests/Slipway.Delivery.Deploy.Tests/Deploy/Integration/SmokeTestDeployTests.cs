using Slipway.Delivery.Deploy;
using Slipway.Delivery.Tests.Docker;
using Slipway.Engine;
using Slipway.Testing;

namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>
/// Smoke suites on the real engine and edge under load: checks that reach the new version through the preview route
/// before it takes traffic (they see its answers while the old version serves everyone else), a failure there aborting
/// with the old version untouched, and a failure through the public endpoint after the switch switching back.
/// </summary>
[NonParallelizable]
public class SmokeTestDeployTests
{
    private IReadOnlyDictionary<string, string> images = null!;

    [OneTimeSetUp]
    public async Task BuildImagesAsync() => images = await DeployTestImages.StandInsAsync();

    [Test]
    public async Task Smoke_checks_reach_the_new_version_before_the_switch_and_failures_abort_before_it_or_switch_back_after_it()
    {
        await using var environment = await TestEnvironment.CreateAsync(e => e with { BakeWindow = TimeSpan.Zero });
        await environment.DeployAsync(images["v1"]);
        await using var load = new HttpLoadGenerator(environment.Url, concurrency: 4);
        await load.WaitForAnswersAsync("1.0.0", 50);

        // The stand-in answers any path and method with its version; /status with JSON holding it.
        SmokeCheck[] passing =
        [
            new() { Name = "status names the new version", Path = "/status", Capture = "version", ExpectBodyContains = "\"2.0.0\"" },
            new() { Name = "a write", Method = "POST", Path = "/api/items?v={version}", Body = """{"name":"{marker}"}""", ExpectBodyContains = "2.0.0",
                Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer smoke-token-s3cret" } },
        ];
        TestLog.Clear();
        var passed = await environment.DeployAsync(images["v2"], e => e with { SmokeTests = passing });
        var log = string.Join('\n', TestLog.Messages);
        await load.WaitForAnswersAsync("2.0.0", 100);

        var previewFails = Assert.ThrowsAsync<BuildFailedException>(() => environment.DeployAsync(images["v3"], e => e with
        {
            SmokeTests = [new SmokeCheck { Name = "expects a teapot", Path = "/", ExpectStatus = 418, Stages = SmokeStages.Preview }],
        }))!;
        var afterPreview = await environment.SnapshotAsync();
        var publicFails = Assert.ThrowsAsync<BuildFailedException>(() => environment.DeployAsync(images["v3"], e => e with
        {
            SmokeTests = [new SmokeCheck { Name = "expects the old version", Path = "/", ExpectBodyContains = "2.0.0", Stages = SmokeStages.Public }],
        }))!;
        var settled = load.Answers.Count;
        await load.WaitForAnswersAsync("2.0.0", load.Versions["2.0.0"] + 100);
        await load.StopAsync();
        var records = await environment.RecordsAsync();
        TestContext.Out.WriteLine(previewFails.Message);
        TestContext.Out.WriteLine(publicFails.Message);
        TestContext.Out.WriteLine(load.Describe());

        Assert.Multiple(() =>
        {
            Assert.That(passed.Record.Smoke!.Select(s => (s.Name, s.Stage, s.Verdict)), Is.EqualTo(new[]
            {
                ("status names the new version", "preview", "passed"), ("a write", "preview", "passed"),
                ("status names the new version", "public", "passed"), ("a write", "public", "passed"),
            }), "through the preview route the checks saw 2.0.0 while 1.0.0 served the load");
            Assert.That(log, Does.Not.Contain("smoke-token-s3cret"), "header values are masked");
            Assert.That(DeploySummary.Describe(environment.Environment, passed), Does.Contain("Smoke: 2/2 passed through the preview route; 2/2 passed through the public endpoint."));

            Assert.That(previewFails.ExitCode, Is.EqualTo(ExitCodes.DeployAborted));
            Assert.That(previewFails.Message, Does.Contain("failed its smoke tests before it took traffic: smoke check 'expects a teapot' (preview) failed: expected HTTP 418, got 200: 3.0.0"));
            Assert.That(afterPreview.Live!.Version, Is.EqualTo("2.0.0"));
            Assert.That(afterPreview.Containers.Where(c => c.Version == "3.0.0"), Is.Empty, "the aborted version was removed");

            Assert.That(publicFails.ExitCode, Is.EqualTo(ExitCodes.RolledBack));
            Assert.That(publicFails.Message, Does.Contain("3.0.0 failed its smoke tests").And.Contain("the body lacks '2.0.0': 3.0.0").And.Contain("Switched back to 2.0.0"));
            Assert.That(records[^1].Result, Is.EqualTo(DeployResults.RolledBack));
            Assert.That(records[^1].Smoke!.Single().Verdict, Is.EqualTo("failed"));
            Assert.That(load.Failures, Is.Empty, "no request failed: the previews, the abort, the switch and the switch back");
            Assert.That(load.Answers.Skip(settled + 8).All(a => a.Body == "2.0.0"), Is.True, "2.0.0 serves again");
        });
    }
}
