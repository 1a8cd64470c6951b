using System.Diagnostics;
using Slipway.Delivery.Deploy;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>
/// Roles besides the web role on the real engine (docs/deploy.md, Roles): a worker with two replicas and a singleton
/// scheduler, run from the stand-in image with their own command, through a deploy, a rollback and a role that fails
/// after the switch; a background loop samples <c>docker ps</c> throughout to prove the singleton never runs twice.
/// </summary>
[NonParallelizable]
public class RoleDeployTests
{
    // A process that runs until stopped and says which version it is; STOPSIGNAL is SIGUSR1 in the stand-in image.
    private const string RunsUntilStopped = "echo \"role of $APP_VERSION up\"; trap 'echo stopping; exit 0' TERM USR1; while true; do sleep 0.2; done";

    private IReadOnlyDictionary<string, string> images = null!;

    [OneTimeSetUp]
    public async Task BuildImagesAsync() => images = await DeployTestImages.StandInsAsync();

    private static IReadOnlyList<DeployRole> Roles(string schedulerScript = RunsUntilStopped) =>
    [
        new() { Name = "worker", Entrypoint = "sh", Command = ["-c", RunsUntilStopped], Replicas = 2, StopGracePeriod = TimeSpan.FromSeconds(3), SettleTime = TimeSpan.FromSeconds(1) },
        new() { Name = "scheduler", Entrypoint = "sh", Command = ["-c", schedulerScript], Singleton = true, StopGracePeriod = TimeSpan.FromSeconds(3), SettleTime = TimeSpan.FromSeconds(1) },
    ];

    // One environment through four operations (one test, so CI pays for one environment and one first deploy).
    [Test]
    public async Task A_failing_role_rolls_the_version_back_then_a_deploy_replaces_workers_and_singleton_and_a_rollback_brings_the_previous_ones_back_never_two_schedulers()
    {
        var watch = Stopwatch.StartNew();
        await using var environment = await TestEnvironment.CreateAsync(e => e with { BakeWindow = TimeSpan.Zero, Roles = Roles() });
        await environment.DeployAsync(images["v1"]);
        var v1Roles = await RunningAsync(environment);

        using var sampling = new CancellationTokenSource();
        var sampler = MostSchedulersAtOnceAsync(environment, sampling.Token);
        var failed = Assert.ThrowsAsync<BuildFailedException>(async () => await environment.DeployAsync(images["v2"],
            e => e with { Roles = Roles("echo 'scheduler: cannot reach the broker' >&2; exit 3") }))!;
        var afterFailure = await RunningAsync(environment);
        var failedRecord = (await environment.RecordsAsync())[^1];
        var servedAfterFailure = await environment.ServedVersionAsync();

        await environment.DeployAsync(images["v2"]);
        var afterDeploy = await RunningAsync(environment);
        var command = await environment.DockerAsync("inspect", "--format", "{{json .Config.Cmd}} {{json .Config.Entrypoint}}", afterDeploy.First(r => r.Role == "worker").Name);
        var rollback = await environment.RollbackAsync();
        var afterRollback = await RunningAsync(environment);
        await sampling.CancelAsync();
        var (mostAtOnce, samples) = await sampler;
        TestContext.Out.WriteLine($"roles: deploy, failed deploy, deploy, rollback in {watch.Elapsed.TotalSeconds:0.0} s; {samples} docker ps samples, at most {mostAtOnce} scheduler(s) at once");

        Assert.Multiple(async () =>
        {
            Assert.That(v1Roles.Select(r => (r.Role, r.Version)), Is.EquivalentTo(new[] { ("worker", "1.0.0"), ("worker", "1.0.0"), ("scheduler", "1.0.0") }));

            Assert.That(failed.ExitCode, Is.EqualTo(ExitCodes.RolledBack), failed.Message);
            Assert.That(failed.Message, Does.Contain("failed its role scheduler").And.Contain("cannot reach the broker"));
            Assert.That(failedRecord.Message, Does.Contain("failed its role scheduler"), "the deploy record names the role that failed");
            Assert.That(servedAfterFailure, Is.EqualTo("1.0.0"));
            Assert.That(afterFailure.Select(r => r.Name), Is.EquivalentTo(v1Roles.Select(r => r.Name)), "1.0.0's workers and scheduler run again, 2.0.0's none");

            Assert.That(afterDeploy.Select(r => (r.Role, r.Version)), Is.EquivalentTo(new[] { ("worker", "2.0.0"), ("worker", "2.0.0"), ("scheduler", "2.0.0") }),
                "the new version's roles run and the previous ones are stopped");
            Assert.That(command, Does.Contain("while true").And.Contain("[\"sh\"]"), "the role's own command and entrypoint, from the same image");

            Assert.That(rollback.Record.Version, Is.EqualTo("1.0.0"));
            Assert.That(afterRollback.Select(r => r.Name), Is.EquivalentTo(v1Roles.Select(r => r.Name)), "the rollback restarted 1.0.0's retained role containers");
            Assert.That(await environment.ServedVersionAsync(), Is.EqualTo("1.0.0"));

            Assert.That(samples, Is.GreaterThan(10), "the sampler watched the deploys");
            Assert.That(mostAtOnce, Is.EqualTo(1), "a singleton never runs twice, not even for a moment");
        });
    }

    private static async Task<List<(string Name, string Role, string Version)>> RunningAsync(TestEnvironment environment)
    {
        var lines = await environment.DockerAsync("ps", "--filter", $"label=slipway.environment={environment.Name}", "--format",
            "{{.Names}} {{.Label \"slipway.role\"}} {{.Label \"slipway.version\"}}");
        return [.. lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).Where(p => p[1] != DeployLabels.AppRole).Select(p => (p[0], p[1], p[2]))];
    }

    private static async Task<(int Most, int Samples)> MostSchedulersAtOnceAsync(TestEnvironment environment, CancellationToken cancellationToken)
    {
        var most = 0;
        var samples = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var running = await environment.DockerAsync("ps", "--quiet", "--filter", $"label=slipway.environment={environment.Name}", "--filter", "label=slipway.role=scheduler");
            most = Math.Max(most, running.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            samples++;
        }

        return (most, samples);
    }
}
