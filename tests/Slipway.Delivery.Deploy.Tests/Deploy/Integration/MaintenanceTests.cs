using System.Net;
using System.Text.Json;
using Slipway.Delivery.Deploy;
using Slipway.Delivery.Tests.Docker;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>Maintenance of a real environment: the page at its edge, the record in its deploy log, and a deploy behind it.</summary>
[NonParallelizable]
public class MaintenanceTests
{
    private IReadOnlyDictionary<string, string> images = null!;

    [OneTimeSetUp]
    public async Task BuildImagesAsync() => images = await DeployTestImages.StandInsAsync();

    [Test]
    public async Task Maintenance_shows_the_page_lets_a_deploy_go_ahead_behind_it_and_ends_by_itself_at_its_deadline()
    {
        await using var environment = await TestEnvironment.CreateAsync(e => e with { Strategy = DeployStrategy.Canary, CanarySteps = [20], CanaryStepWindow = TimeSpan.FromSeconds(2) });
        await environment.DeployAsync(images["v1"]);
        var recordsBefore = (await environment.RecordsAsync()).Count;

        // Long enough to outlast the deploy on a loaded machine; a short one is set after it to see the edge end it.
        var on = await environment.MaintenanceAsync(on: true, "Moving the \"catalog\" database", TimeSpan.FromMinutes(5));
        using var page = await environment.Http.GetAsync(new Uri("/", UriKind.Relative));
        var json = JsonDocument.Parse(await page.Content.ReadAsStringAsync()).RootElement;
        TestLog.Clear();
        var behind = await environment.DeployAsync(images["v2"]);
        var deployLog = TestLog.Messages.ToList();
        using var afterDeploy = await environment.Http.GetAsync(new Uri("/", UriKind.Relative));
        var shorter = await environment.MaintenanceAsync(on: true, "Almost done", TimeSpan.FromSeconds(3));
        var wait = shorter.Record.MaintenanceUntil!.Value - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1.2);
        await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        using var afterDeadline = await environment.Http.GetAsync(new Uri("/", UriKind.Relative));
        var records = await environment.RecordsAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(json.GetProperty("message").GetString(), Is.EqualTo("Moving the \"catalog\" database"));
            Assert.That(page.Headers.RetryAfter!.Delta!.Value.TotalSeconds, Is.InRange(240, 300), "the seconds left");
            Assert.That(on.Record.Kind, Is.EqualTo(DeployKind.Maintenance));
            Assert.That(on.Record.Message, Does.StartWith("Maintenance on until").And.Contains("Moving the \"catalog\" database"));
            Assert.That(deployLog, Has.Some.Contains("Maintenance is on until").And.Contains("the deploy goes ahead behind it"));
            Assert.That(deployLog, Has.Some.Contains("nothing for a canary to judge"));
            Assert.That(behind.Record.Canary, Is.Null, "no canary steps: nobody's requests to judge");
            Assert.That(behind.Record.Result, Is.EqualTo(DeployResults.Succeeded));
            Assert.That(afterDeploy.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "still behind the page after the deploy");
            Assert.That(afterDeadline.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the edge ended maintenance at its deadline");
            Assert.That(await afterDeadline.Content.ReadAsStringAsync(), Is.EqualTo("2.0.0"), "and the deployed version answers");
            Assert.That(records.Skip(recordsBefore).Select(r => (r.Kind, r.Result)), Is.EqualTo(new[]
            {
                (DeployKind.Maintenance, DeployResults.Succeeded),
                (DeployKind.Deploy, DeployResults.Succeeded),
                (DeployKind.Maintenance, DeployResults.Succeeded),
            }));
            Assert.That((await environment.SnapshotAsync()).Live!.Version, Is.EqualTo("2.0.0"), "a maintenance record never counts as a version going live");
        });
    }

    [Test]
    public async Task Off_ends_maintenance_at_once_and_bad_input_changes_nothing()
    {
        await using var environment = await TestEnvironment.CreateAsync();
        await environment.DeployAsync(images["v1"]);
        var bad = Assert.ThrowsAsync<BuildFailedException>(() => environment.MaintenanceAsync(on: true, "two\nlines", TimeSpan.FromMinutes(5)))!;
        var recordsAfterBad = (await environment.RecordsAsync()).Count;

        await environment.MaintenanceAsync(on: true);
        using var during = await environment.Http.GetAsync(new Uri("/", UriKind.Relative));
        var off = await environment.MaintenanceAsync(on: false);
        var after = await environment.Http.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(bad.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(bad.Message, Does.Contain("one line of 1 to 1024 characters"));
            Assert.That(recordsAfterBad, Is.EqualTo(1), "refused before the lock: no record");
            Assert.That(during.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(during.Headers.RetryAfter!.Delta, Is.EqualTo(TimeSpan.FromSeconds(30)), "without a deadline: the default Retry-After");
            Assert.That(off.Record.Message, Does.StartWith("Maintenance off"));
            Assert.That(after, Is.EqualTo("1.0.0"));
        });
    }
}
