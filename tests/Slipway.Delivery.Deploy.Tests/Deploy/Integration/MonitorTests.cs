using Slipway.Delivery.Deploy;
using Slipway.Delivery.Tests.Docker;
using Slipway.Engine;
using Slipway.Testing;

namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>Monitor on a real environment under load whose live version degrades partway through.</summary>
[NonParallelizable]
public class MonitorTests
{
    private IReadOnlyDictionary<string, string> images = null!;

    [OneTimeSetUp]
    public async Task BuildImagesAsync() => images = await DeployTestImages.StandInsAsync();

    [Test]
    public async Task Monitor_reports_each_interval_and_rolls_back_when_the_live_version_degrades()
    {
        await using var environment = await TestEnvironment.CreateAsync(e => e with { BakeWindow = TimeSpan.Zero });
        await environment.DeployAsync(images["v1"]);
        await environment.DeployAsync(images["degrading"]);
        await using var load = new HttpLoadGenerator(environment.Url, concurrency: 4);
        await load.WaitForAnswersAsync("6.2.0-degrading", 50);

        TestLog.Clear();
        var failure = Assert.ThrowsAsync<BuildFailedException>(async () => await new EnvironmentMonitor(await environment.HostAsync()).RunAsync(new MonitorRequest
        {
            Duration = TimeSpan.FromSeconds(60),
            Interval = TimeSpan.FromSeconds(2),
            Thresholds = new MonitorThresholds { MaxErrorRate = 0.02 },
            RollbackOnBreach = true,
            Who = "monitor-tests",
        }))!;
        var lines = TestLog.Messages.Where(m => m.Contains("] ", StringComparison.Ordinal) && m.Contains("requests, errors", StringComparison.Ordinal)).ToList();
        var settled = load.Answers.Count;
        await load.WaitForAnswersAsync("1.0.0", load.Versions.GetValueOrDefault("1.0.0") + 100);
        await load.StopAsync();
        var records = await environment.RecordsAsync();
        TestContext.Out.WriteLine(string.Join(Environment.NewLine, lines));
        TestContext.Out.WriteLine(failure.Message);

        Assert.Multiple(async () =>
        {
            Assert.That(lines.Count(l => l.TrimEnd('"').EndsWith(" ok", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(1), "healthy intervals come first, each reported");
            Assert.That(lines[^1], Does.Contain("BREACH: error rate"), "the interval in which it degraded");
            Assert.That(failure.ExitCode, Is.EqualTo(ExitCodes.RolledBack));
            Assert.That(failure.Message, Does.Contain("6.2.0-degrading) breached in interval").And.Contains("Rolled back"));
            Assert.That(records[^1].Kind, Is.EqualTo(DeployKind.Rollback));
            Assert.That(records[^1].Version, Is.EqualTo("1.0.0"));
            Assert.That(await environment.ServedVersionAsync(), Is.EqualTo("1.0.0"));
            Assert.That(load.Answers.Skip(settled + 8).All(a => a is { Status: 200, Body: "1.0.0" }), Is.True, "after the rollback 1.0.0 serves everything");
            Assert.That(load.Failures.Where(a => a.IsSocketError), Is.Empty, "no request was dropped");
        });
    }

    [Test]
    public async Task Monitor_of_an_environment_where_nothing_serves_exits_14_and_bad_thresholds_exit_2()
    {
        await using var environment = await TestEnvironment.CreateAsync();
        var host = await environment.HostAsync();

        var nothing = Assert.ThrowsAsync<BuildFailedException>(() => new EnvironmentMonitor(host).RunAsync(
            new MonitorRequest { Duration = TimeSpan.FromSeconds(2), Interval = TimeSpan.FromSeconds(1), Who = "monitor-tests" }))!;
        var bad = Assert.ThrowsAsync<BuildFailedException>(() => new EnvironmentMonitor(host).RunAsync(
            new MonitorRequest { Duration = TimeSpan.FromSeconds(10), Interval = TimeSpan.FromSeconds(30), Thresholds = new MonitorThresholds { MinAvailability = 1.5 }, Who = "monitor-tests" }))!;

        Assert.Multiple(() =>
        {
            Assert.That(nothing.ExitCode, Is.EqualTo(ExitCodes.MonitorBreached));
            Assert.That(nothing.Message, Does.Contain("nothing serves"));
            Assert.That(bad.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(bad.Message, Does.Contain("--duration (00:00:10) must be at least one --interval").And.Contains("--min-availability (1.5) must be between 0 and 100 %"));
        });
    }
}
