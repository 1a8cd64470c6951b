using Slipway.Delivery.Deploy;
using Slipway.Engine;
using Slipway.Testing;

namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>Rollback, the deploy log and retention on the real engine, and what survives an edge restart.</summary>
[NonParallelizable]
public class RollbackAndStateTests
{
    private IReadOnlyDictionary<string, string> images = null!;

    [OneTimeSetUp]
    public async Task BuildImagesAsync() => images = await DeployTestImages.StandInsAsync();

    [Test]
    public async Task Rollback_with_restore_database_puts_back_the_data_from_before_the_next_migration_and_refuses_when_there_is_none()
    {
        await using var environment = await TestEnvironment.CreateAsync(e => e with { BakeWindow = TimeSpan.Zero });
        await environment.DeployAsync(images["v1"]);
        await environment.DeployAsync(images["v2"]);   // v1's schema: no migration, no backup

        var refused = Assert.ThrowsAsync<BuildFailedException>(async () => await environment.RollbackAsync("1.0.0", restoreDatabase: true))!;
        Assert.That(refused.ExitCode, Is.EqualTo(ExitCodes.BadInvocation), refused.Message);
        Assert.That(refused.Message, Does.Contain("migrated after a backup"));
        Assert.That(await environment.ServedVersionAsync(), Is.EqualTo("2.0.0"), "a refusal changes nothing");

        var v3 = await environment.DeployAsync(images["v3"]);   // a new schema: backs up the data, then migrates it
        var rollback = await environment.RollbackAsync("2.0.0", restoreDatabase: true);

        var data = await environment.DockerAsync("run", "--rm", "--network", "none", "--mount",
            $"type=volume,source={DeployNames.DataVolume(environment.Name)},target=/data", "--entrypoint", "cat", Slipway.Delivery.LocalInfra.StandInImages.HaProxy, "/data/migrations");
        Assert.Multiple(async () =>
        {
            Assert.That(v3.Record.Backup, Is.Not.Null);
            Assert.That(rollback.Record.RestoredFrom, Is.EqualTo(v3.Record.Backup), "the backup 3.0.0 took before migrating, recorded on the rollback");
            Assert.That(rollback.Record.DatabaseRestored, Is.True);
            Assert.That(data.Trim(), Is.EqualTo("1.0.0"), "the data as 2.0.0 last knew it, without 3.0.0's migration");
            Assert.That(await environment.ServedVersionAsync(), Is.EqualTo("2.0.0"));
        });
    }

    [Test]
    public async Task An_edge_restarted_mid_life_keeps_routing_and_the_deploy_log_survives_matching_what_happened()
    {
        await using var environment = await TestEnvironment.CreateAsync();
        var v1 = await environment.DeployAsync(images["v1"], e => e with { BakeWindow = TimeSpan.Zero });
        var v2 = await environment.DeployAsync(images["v2"]);

        await environment.DockerAsync("restart", DeployNames.Edge(environment.Name));
        var firstAnswer = await FirstAnswerAsync(environment);
        var v3 = await environment.DeployAsync(images["v3"]);
        await environment.DockerAsync("kill", DeployNames.Edge(environment.Name));
        await environment.DockerAsync("start", DeployNames.Edge(environment.Name));
        var afterCrash = await FirstAnswerAsync(environment);

        var records = await environment.RecordsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(firstAnswer, Is.EqualTo("2.0.0"), "the first request after the restart reaches the same version");
            Assert.That(afterCrash, Is.EqualTo("3.0.0"));
            Assert.That(records.Select(r => r.Id), Is.EqualTo(new[] { v1.Record.Id, v2.Record.Id, v3.Record.Id }));
            Assert.That(records.Select(r => (r.Version, r.Result, r.PreviousVersion)), Is.EqualTo(new[]
            {
                ("1.0.0", DeployResults.Succeeded, (string?)null), ("2.0.0", DeployResults.Succeeded, "1.0.0"), ("3.0.0", DeployResults.Succeeded, "2.0.0"),
            }));
            Assert.That(records.All(r => r.Switched > r.Started && r.Finished >= r.Switched), Is.True, "started < switched <= finished");
            Assert.That(records.Select(r => r.Digest), Is.EqualTo(new[] { images["v1"], images["v2"], images["v3"] }.Select(i => i[(i.IndexOf('@') + 1)..])));
            Assert.That(records.All(r => r.Who == "deploy-tests" && r.Commit!.StartsWith("standin-", StringComparison.Ordinal)), Is.True);
        });
    }

    [Test]
    public async Task Rollback_list_dry_run_and_to_a_named_retained_version_without_the_registry()
    {
        await using var environment = await TestEnvironment.CreateAsync(e => e with { BakeWindow = TimeSpan.Zero });
        await environment.DeployAsync(images["v1"]);
        await environment.DeployAsync(images["v2"]);
        var v3 = await environment.DeployAsync(images["v3"]);
        var runner = new RollbackRunner(await environment.HostAsync());

        var list = await runner.ListAsync();
        var before = await environment.SnapshotAsync();
        var plan = await runner.PlanAsync("1.0.0");
        var after = await environment.SnapshotAsync();

        // Without the registry: the retained container is started again; no command of the rollback pulls anything.
        Slipway.Delivery.Tests.Docker.TestLog.Clear();
        var rollback = await environment.RollbackAsync("1.0.0");
        var commands = Slipway.Delivery.Tests.Docker.TestLog.Messages.Where(m => m.StartsWith("> ", StringComparison.Ordinal)).ToList();
        var served = await environment.ServedVersionAsync();
        var records = await environment.RecordsAsync();
        TestContext.Out.WriteLine(list);
        TestContext.Out.WriteLine(plan.Describe());
        Assert.Multiple(() =>
        {
            Assert.That(list.Split('\n')[2], Does.StartWith("3.0.0").And.Contains("LIVE"));
            Assert.That(list, Does.Contain("2.0.0").And.Contains("1.0.0").And.Contains("<- Rollback goes here").And.Contains("DORA"));
            Assert.That(plan.To.Version, Is.EqualTo("1.0.0"));
            Assert.That(after, Is.EqualTo(before).Using<EnvironmentSnapshot>((a, b) => Same(a, b)), "--dry-run changed nothing");
            Assert.That(served, Is.EqualTo("1.0.0"));
            Assert.That(commands, Has.Some.Contains(" start "), "the retained container was started");
            Assert.That(commands, Has.None.Contains(" pull "), "the registry was not needed");
            Assert.That(rollback.Record.Kind, Is.EqualTo(DeployKind.Rollback));
            Assert.That(rollback.Record.RollbackOf, Is.EqualTo(v3.Record.Id));
            Assert.That(rollback.Record.DurationMs, Is.GreaterThan(0));
            Assert.That(records[^1].Id, Is.EqualTo(rollback.Record.Id));
        });
        TestContext.Out.WriteLine($"rollback to a retained stopped version: serving after {rollback.Record.DurationMs} ms ({rollback.DescribePhases()})");
    }

    [Test]
    public async Task A_rollback_finding_the_edge_stopped_starts_it_then_takes_the_lock_and_serves_the_previous_version()
    {
        await using var environment = await TestEnvironment.CreateAsync(e => e with { BakeWindow = TimeSpan.Zero });
        await environment.DeployAsync(images["v1"]);
        await environment.DeployAsync(images["v2"]);
        await environment.DockerAsync("stop", DeployNames.Edge(environment.Name));

        var rollback = await environment.RollbackAsync();

        var records = await environment.RecordsAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(await environment.ServedVersionAsync(), Is.EqualTo("1.0.0"));
            Assert.That(records[^1].Id, Is.EqualTo(rollback.Record.Id), "the lock was taken in the started edge and the record appended there");
            Assert.That(records[^1].Result, Is.EqualTo(DeployResults.Succeeded));
            Assert.That(await environment.DockerAsync("exec", DeployNames.Edge(environment.Name), "ls", HostStateCommands.StateDirectory), Does.Not.Contain("lock"), "and released");
        });
    }

    [Test]
    public async Task A_warm_previous_colour_is_switched_back_to_in_one_step()
    {
        await using var environment = await TestEnvironment.CreateAsync(e => e with { BakeWindow = TimeSpan.Zero, KeepPreviousRunning = true });
        await environment.DeployAsync(images["v1"]);
        await environment.DeployAsync(images["v2"]);
        await using var load = new HttpLoadGenerator(environment.Url, concurrency: 4);
        await load.WaitForAnswersAsync("2.0.0", 20);

        var plan = await new RollbackRunner(await environment.HostAsync()).PlanAsync(null);
        var rollback = await environment.RollbackAsync();
        await load.WaitForAnswersAsync("1.0.0", 20);
        await load.StopAsync();

        var snapshot = await environment.SnapshotAsync();
        TestContext.Out.WriteLine($"rollback to the warm colour: serving after {rollback.Record.DurationMs} ms ({rollback.DescribePhases()}); {load.Describe()}");
        Assert.Multiple(() =>
        {
            Assert.That(plan.Warm, Is.True);
            Assert.That(load.Failures, Is.Empty);
            Assert.That(snapshot.Live!.Version, Is.EqualTo("1.0.0"));
            Assert.That(snapshot.IsWarm(snapshot.Containers.Single(c => c.Version == "2.0.0")), Is.True, "the version rolled back from stays warm too");
        });
    }

    [Test]
    public async Task Retention_prunes_the_oldest_versions_of_this_environment_only()
    {
        await using var other = await TestEnvironment.CreateAsync(e => e with { BakeWindow = TimeSpan.Zero });
        await other.DeployAsync(images["v1"]);
        await using var environment = await TestEnvironment.CreateAsync(e => e with { BakeWindow = TimeSpan.Zero, RetainedVersions = 2 });
        foreach (var tag in new[] { "v1", "v2", "v3", "v4" })
        {
            await environment.DeployAsync(images[tag]);
        }

        var snapshot = await environment.SnapshotAsync();
        var others = await other.SnapshotAsync();
        Assert.Multiple(() =>
        {
            Assert.That(snapshot.Containers.Select(c => c.Version), Is.EqualTo(new[] { "4.0.0", "3.0.0", "2.0.0" }), "the live one plus two retained");
            Assert.That(snapshot.Live!.Version, Is.EqualTo("4.0.0"));
            Assert.That(others.Containers.Select(c => c.Version), Is.EqualTo(new[] { "1.0.0" }), "another environment's container is never pruned");
        });
        Assert.That(await other.ServedVersionAsync(), Is.EqualTo("1.0.0"), "nor its image, which it still runs");
    }

    [Test]
    public async Task A_pre_release_deployed_to_a_release_only_environment_is_bad_input()
    {
        await using var environment = await TestEnvironment.CreateAsync(e => e with { RequiresReleaseVersion = true });

        var refused = Assert.ThrowsAsync<BuildFailedException>(() => environment.DeployAsync(images["never-ready"]))!;

        Assert.Multiple(() =>
        {
            Assert.That(refused.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(refused.Message, Does.Contain("takes release versions only").And.Contains("5.0.0-never-ready"));
        });
    }

    private static async Task<string> FirstAnswerAsync(TestEnvironment environment)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return await environment.Http.GetStringAsync(new Uri("/", UriKind.Relative));
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // The edge is still starting; nothing was listening yet.
                await Task.Delay(50);
            }
        }
    }

    private static bool Same(EnvironmentSnapshot a, EnvironmentSnapshot b) =>
        a.Containers.Select(c => (c.Name, c.State)).SequenceEqual(b.Containers.Select(c => (c.Name, c.State)))
        && a.Edge?.ToString() == b.Edge?.ToString()
        && a.Records.Count == b.Records.Count;
}
