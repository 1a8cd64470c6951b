using System.Diagnostics;
using Slipway.Delivery.Deploy;
using Slipway.Delivery.Docker;
using Slipway.Delivery.Orchestration;
using Slipway.Delivery.Orchestration.Swarm;
using Slipway.Delivery.Tests.Deploy.Integration;
using Slipway.Delivery.Tests.Docker;
using Slipway.Delivery.Tests.Remote;
using Slipway.Engine;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Orchestration;

/// <summary>
/// Issue 16, Docker Swarm, on a real single-node Swarm: a namespaced engine of its own (<see cref="RemoteDockerHost"/>,
/// never the machine's main engine), the images pulled by digest from the local registry through its forward, traffic
/// through the environment's edge at the namespace's address. One service lives through the steps in order: created,
/// updated, rolled back by Slipway, an update Swarm rolls back (exit 11 — and, side by side, the same update by
/// <c>docker service update</c> alone, which exits 0), and a rollback to a named version; every step after the first
/// under wrk through the edge, with no failed request. Durations and wrk's counts go to the test log; the side-by-side
/// figures under load are benchmarks/swarm-benchmark.sh's (docs/benchmarks-swarm.md).
/// </summary>
[NonParallelizable]
public class SwarmDeployTests
{
    private readonly Stopwatch total = new();
    private RemoteDockerHost host = null!;
    private IReadOnlyDictionary<string, string> images = null!;
    private DeployEnvironment environment = null!;
    private HttpClient http = null!;

    [OneTimeSetUp]
    public async Task StartSwarmAsync()
    {
        images = await SwarmTestImages.BuildAsync();
        total.Start();
        host = await RemoteDockerHost.StartAsync();
        environment = SwarmEnvironments.OnNamespacedHost(host, "s");
        http = new HttpClient { BaseAddress = environment.Url, Timeout = TimeSpan.FromSeconds(10) };
        await RemoteBuildProcess.PrepareAsync(host, environment);
        await host.InitSwarmAsync();
        Progress($"namespaced engine, registry forward, edge image and swarm init: {total.Elapsed.TotalSeconds:0.0} s");
    }

    [OneTimeTearDown]
    public async Task StopSwarmAsync()
    {
        http?.Dispose();
        if (host is not null)
        {
            await host.LeaveSwarmAsync();
            await host.DisposeAsync();
        }

        Progress($"Swarm tests, engine start to teardown: {total.Elapsed.TotalSeconds:0.0} s");
        await SwarmTestImages.RemoveAsync();
    }

    [Test]
    [Order(1)]
    public async Task A_first_deploy_creates_the_service_and_exits_0_with_the_version_serving_in_every_task()
    {
        var outcome = await TimedAsync("first deploy (create, 2 tasks)", () => DeployAsync("v1"));

        Assert.Multiple(async () =>
        {
            Assert.That(outcome.Record.Result, Is.EqualTo(DeployResults.Succeeded));
            Assert.That(outcome.Record.Version, Is.EqualTo("1.0.0"));
            Assert.That(outcome.Record.Platform, Is.EqualTo("linux/amd64"), "the platform the manager's engine holds");
            Assert.That(outcome.Record.Switched, Is.Not.Null);
            Assert.That(await RunningImagesAsync(), Is.EqualTo(new[] { images["v1"], images["v1"] }));
            Assert.That(await ServedVersionAsync("1.0.0"), Is.EqualTo("1.0.0"), "through the edge at the host's address");
        });
    }

    [Test]
    [Order(2)]
    public async Task An_update_replaces_every_task_start_first_and_exits_0()
    {
        var (outcome, load) = await UnderLoadAsync("2.0.0", () => TimedAsync("update 1.0.0 -> 2.0.0", () => DeployAsync("v2")));

        Assert.Multiple(async () =>
        {
            AssertNoFailedRequest(load);
            Assert.That(outcome.Record.Result, Is.EqualTo(DeployResults.Succeeded));
            Assert.That(outcome.Record.PreviousVersion, Is.EqualTo("1.0.0"));
            Assert.That(await RunningImagesAsync(), Is.EqualTo(new[] { images["v2"], images["v2"] }));
            Assert.That(await ServedVersionAsync("2.0.0"), Is.EqualTo("2.0.0"));
        });
    }

    [Test]
    [Order(3)]
    public async Task A_rollback_to_the_previous_version_uses_Swarm_s_rollback_and_serves_it_again()
    {
        await using var deployHost = await DeployHost.ConnectAsync(environment, SshCredentials.None);
        var (outcome, load) = await UnderLoadAsync("1.0.0", () => TimedAsync("rollback to previous (docker service rollback)",
            () => DeployOrchestrators.For(deployHost).RollbackAsync(new RollbackRequest { Who = "swarm-test" })));

        Assert.Multiple(async () =>
        {
            AssertNoFailedRequest(load);
            Assert.That(outcome.Record.Kind, Is.EqualTo(DeployKind.Rollback));
            Assert.That(outcome.Record.Result, Is.EqualTo(DeployResults.Succeeded));
            Assert.That(outcome.Record.Version, Is.EqualTo("1.0.0"));
            Assert.That(outcome.Record.PreviousVersion, Is.EqualTo("2.0.0"));
            Assert.That(outcome.Log[^1].Id, Is.EqualTo(outcome.Record.Id));
            Assert.That(await RunningImagesAsync(), Is.EqualTo(new[] { images["v1"], images["v1"] }));
            Assert.That(await ServedVersionAsync("1.0.0"), Is.EqualTo("1.0.0"));
        });
    }

    [Test]
    [Order(4)]
    public async Task An_update_whose_health_check_fails_is_rolled_back_by_Swarm_and_Slipway_exits_11_where_the_CLI_exits_0()
    {
        var (failure, load) = await UnderLoadAsync("1.0.0", () => Task.FromResult(
            Assert.ThrowsAsync<BuildFailedException>(async () => await TimedAsync("update to never-ready (Slipway)", () => DeployAsync("never-ready")))!));
        var served = await ServedVersionAsync("1.0.0");

        // The anchor: the same update by the Docker CLI alone, waiting for it as the CLI does by default.
        var watch = Stopwatch.StartNew();
        var cli = await ToolRunner.RunAsync(host.EngineCommand("service", "update", "--image", images["never-ready"], "--no-resolve-image", SwarmServiceSpec.ServiceNameOf(environment.Name)));
        Progress($"update to never-ready (docker service update alone): exit {cli.ExitCode} in {watch.Elapsed.TotalSeconds:0.0} s");
        var state = await ToolRunner.RunAsync(host.EngineCommand("service", "inspect", "--format", "{{.UpdateStatus.State}}", SwarmServiceSpec.ServiceNameOf(environment.Name)));
        await using var deployHost = await DeployHost.ConnectAsync(environment, SshCredentials.None);
        var record = (await deployHost.ReadLogAsync()).Last(r => r.Kind == DeployKind.Deploy);

        Assert.Multiple(async () =>
        {
            // The edge never takes the tasks' one upstream out on the failing task's checks (EdgeProvisioner.SharedUpstreamFall):
            // before, tens of thousands of 503s here. A stray read error was seen once in three benchmark rounds
            // (docs/benchmarks-swarm.md), so socket errors are reported, not asserted, for this step.
            Assert.That(load.Non2xx, Is.Zero, "no 503 from the edge while Swarm rolls the failing task back");
            Assert.That(failure.ExitCode, Is.EqualTo(ExitCodes.RolledBack));
            Assert.That(failure.Message, Does.Contain("Swarm rolled the update").And.Contain("The Docker CLI exits 0 here"));
            Assert.That(record.Result, Is.EqualTo(DeployResults.RolledBack));
            Assert.That(record.Version, Is.EqualTo("5.0.0-never-ready"));
            Assert.That(served, Is.EqualTo("1.0.0"), "the previous version serves again");
            Assert.That(cli.ExitCode, Is.Zero, "docker/cli#6752: the CLI reports success after Swarm's automatic rollback");
            Assert.That(state.StandardOutput.Trim(), Is.EqualTo(SwarmUpdateStatus.RollbackCompleted));
            Assert.That(await RunningImagesAsync(), Is.EqualTo(new[] { images["v1"], images["v1"] }));
        });
    }

    [Test]
    [Order(5)]
    public async Task A_rollback_to_a_named_version_updates_the_service_to_that_version_s_digest()
    {
        await using var deployHost = await DeployHost.ConnectAsync(environment, SshCredentials.None);
        var (outcome, load) = await UnderLoadAsync("2.0.0", () => TimedAsync("rollback --to 2.0.0 (service update --image)",
            () => DeployOrchestrators.For(deployHost).RollbackAsync(new RollbackRequest { Who = "swarm-test", To = "2.0.0" })));

        Assert.Multiple(async () =>
        {
            AssertNoFailedRequest(load);
            Assert.That(outcome.Record.Result, Is.EqualTo(DeployResults.Succeeded));
            Assert.That(outcome.Record.Version, Is.EqualTo("2.0.0"));
            Assert.That(outcome.Record.Image, Is.EqualTo(images["v2"]));
            Assert.That(await RunningImagesAsync(), Is.EqualTo(new[] { images["v2"], images["v2"] }));
            Assert.That(await ServedVersionAsync("2.0.0"), Is.EqualTo("2.0.0"));
        });
    }

    [Test]
    [Order(6)]
    public async Task Maintenance_and_Monitor_act_through_the_edge_in_front_of_the_tasks()
    {
        await using var deployHost = await DeployHost.ConnectAsync(environment, SshCredentials.None);
        await new MaintenanceRunner(deployHost).SetAsync(new MaintenanceRequest { On = true, Message = "Back at noon", Who = "swarm-test" });
        using var during = await http.GetAsync(new Uri("/catalog", UriKind.Relative));
        var page = await during.Content.ReadAsStringAsync();
        await new MaintenanceRunner(deployHost).SetAsync(new MaintenanceRequest { On = false, Who = "swarm-test" });
        var intervals = await TimedAsync("Monitor, 3 s", () => new EnvironmentMonitor(deployHost).RunAsync(
            new MonitorRequest { Who = "swarm-test", Duration = TimeSpan.FromSeconds(3), Interval = TimeSpan.FromSeconds(1) }));

        Assert.Multiple(async () =>
        {
            Assert.That((int)during.StatusCode, Is.EqualTo(503), "the maintenance page, answered by the edge");
            Assert.That(page, Does.Contain("Back at noon"));
            Assert.That(await ServedVersionAsync("2.0.0"), Is.EqualTo("2.0.0"), "the tasks answer again");
            Assert.That(intervals, Has.Count.GreaterThanOrEqualTo(2));
            Assert.That(intervals.Where(i => i.Breached), Is.Empty, "the tasks' one upstream counts as the live version in rotation");
        });
    }

    [Test]
    [Order(7)]
    public async Task Scale_changes_the_task_count_under_load_and_a_deploy_after_it_keeps_the_count()
    {
        await using var deployHost = await DeployHost.ConnectAsync(environment, SshCredentials.None);
        var orchestrator = DeployOrchestrators.For(deployHost);
        var (up, upLoad) = await UnderLoadAsync("2.0.0", () => TimedAsync("scale 2 -> 3 tasks",
            () => orchestrator.ScaleAsync(new ScaleRequest { Replicas = 3, Who = "swarm-test" })));
        var again = await orchestrator.ScaleAsync(new ScaleRequest { Replicas = 3, Who = "swarm-test" });
        var deploy = await TimedAsync("deploy 1.0.0 after the scale", () => DeployAsync("v1"));
        var tasksAfterDeploy = await RunningImagesAsync();
        var (down, downLoad) = await UnderLoadAsync("1.0.0", () => TimedAsync("scale 3 -> 2 tasks",
            () => DeployOrchestrators.For(deployHost).ScaleAsync(new ScaleRequest { Replicas = 2, Who = "swarm-test" })));

        Assert.Multiple(async () =>
        {
            AssertNoFailedRequest(upLoad);
            AssertNoFailedRequest(downLoad);
            Assert.That(up.Record.Kind, Is.EqualTo(DeployKind.Scale));
            Assert.That(up.Record.Result, Is.EqualTo(DeployResults.Succeeded), up.Record.Message);
            Assert.That(up.Record.Version, Is.EqualTo("2.0.0"));
            Assert.That(again.Record.Result, Is.EqualTo(DeployResults.Unchanged), "the same count again changes nothing");
            Assert.That(deploy.Record.Replicas, Is.EqualTo(3), "a deploy after a scale keeps the count an operator scaled to");
            Assert.That(tasksAfterDeploy, Is.EqualTo(new[] { images["v1"], images["v1"], images["v1"] }));
            Assert.That(down.Record.Result, Is.EqualTo(DeployResults.Succeeded), down.Record.Message);
            Assert.That(await RunningImagesAsync(), Is.EqualTo(new[] { images["v1"], images["v1"] }));
            Assert.That(await ServedVersionAsync("1.0.0"), Is.EqualTo("1.0.0"));
        });
    }

    [Test]
    [Order(8)]
    public async Task Migrations_back_up_and_run_once_before_the_update_skip_an_unchanged_schema_and_a_failing_one_leaves_the_tasks_serving_exit_10()
    {
        // The team adds migrations to its Swarm environment: the app's migrate command, backing up first, as Catalog.Api's.
        environment = environment with
        {
            MigrateCommand = ["migrate", "--backup-to", "{file}"],
            BackupFailedExitCode = 3,
            DatabaseRestoredExitCode = 4,
            RestoreFailedExitCode = 5,
            RestoreCommand = ["restore", "--from", "{file}"],
        };
        var standIns = await DeployTestImages.StandInsAsync();
        TestLog.Clear();
        var migrated = await TimedAsync("deploy 2.0.0, migrating before the update", () => DeployAsync("v2"));
        var migratedLog = TestLog.Messages.ToList();
        TestLog.Clear();
        var skipped = await TimedAsync("deploy 1.0.0, schema unchanged", () => DeployAsync("v1"));
        var skippedLog = TestLog.Messages.ToList();
        var (failure, load) = await UnderLoadAsync("1.0.0", () => Task.FromResult(Assert.ThrowsAsync<BuildFailedException>(async () =>
            await TimedAsync("deploy 7.2.0, whose migration fails after one committed", () => DeployImageAsync(standIns["restored-migration"])))!));
        await using var deployHost = await DeployHost.ConnectAsync(environment, SshCredentials.None);
        var failed = (await deployHost.ReadLogAsync()).Last(r => r.Kind == DeployKind.Deploy);
        var migrations = await DataVolumeFileAsync("migrations");

        var commands = migratedLog.Where(m => m.StartsWith("> ", StringComparison.Ordinal)).ToList();
        var migrate = commands.FindIndex(c => c.Contains($"slipway-{environment.Name}-migrate-", StringComparison.Ordinal));
        Assert.Multiple(async () =>
        {
            Assert.That(migrated.Record.Result, Is.EqualTo(DeployResults.Succeeded), migrated.Record.Message);
            Assert.That(migrated.Record.Migrated, Is.True);
            Assert.That(commands[migrate], Does.Contain($"migrate --backup-to /app/data/backups/{migrated.Record.Id}.backup"), "one one-off container backs up and migrates");
            Assert.That(commands.FindIndex(c => c.Contains("service update", StringComparison.Ordinal)), Is.GreaterThan(migrate), "the data is migrated before Swarm starts a new task");
            Assert.That(migratedLog, Has.Some.Contains("no earlier deploy of " + environment.Name + " recorded a migration"));
            Assert.That(skipped.Record.Result, Is.EqualTo(DeployResults.Succeeded), skipped.Record.Message);
            Assert.That(skipped.Record.Migrated, Is.False);
            Assert.That(skippedLog, Has.Some.Contains("schema unchanged since 2.0.0"));
            Assert.That(skippedLog.Where(m => m.StartsWith("> ", StringComparison.Ordinal)), Has.None.Contains($"slipway-{environment.Name}-migrate-"), "no one-off container ran");

            AssertNoFailedRequest(load);
            Assert.That(failure.ExitCode, Is.EqualTo(ExitCodes.DeployAborted), failure.Message);
            Assert.That(failure.Message, Does.Contain("database restored from").And.Contain("old version 1.0.0 serving"));
            Assert.That((failed.Version, failed.Result, failed.DatabaseRestored), Is.EqualTo(("7.2.0-restored-migration", DeployResults.Aborted, (bool?)true)));
            Assert.That(failed.Backup, Does.EndWith($"{failed.Id}.backup"), "backed up before migrating, and recorded");
            Assert.That(migrations.Split('\n'), Is.EqualTo(new[] { "2.0.0" }), "the half-applied migration was restored away: the data 1.0.0 serves on is as it was");
            Assert.That(await RunningImagesAsync(), Is.EqualTo(new[] { images["v1"], images["v1"] }), "Swarm never saw the failing version");
            Assert.That(await ServedVersionAsync("1.0.0"), Is.EqualTo("1.0.0"));
        });
    }

    [Test]
    [Order(9)]
    public async Task Rollback_with_restore_database_puts_back_the_backup_taken_before_the_later_migration_under_load()
    {
        var migrated = await TimedAsync("deploy 2.0.0 --always-migrate (backs up 1.0.0's data first)", () => DeployImageAsync(images["v2"], alwaysMigrate: true));
        var dataAfterMigration = await DataVolumeFileAsync("migrations");
        await using var deployHost = await DeployHost.ConnectAsync(environment, SshCredentials.None);
        var (rollback, load) = await UnderLoadAsync("1.0.0", () => TimedAsync("rollback --restore-database",
            () => DeployOrchestrators.For(deployHost).RollbackAsync(new RollbackRequest { Who = "swarm-test", RestoreDatabase = true })));

        Assert.Multiple(async () =>
        {
            AssertNoFailedRequest(load);
            Assert.That(migrated.Record.Migrated, Is.True);
            Assert.That(migrated.Record.Backup, Does.EndWith($"{migrated.Record.Id}.backup"), "1.0.0's data was backed up before migrating");
            Assert.That(dataAfterMigration.Split('\n'), Is.EqualTo(new[] { "2.0.0", "2.0.0" }), "2.0.0 migrated again on top");
            Assert.That(rollback.Record.Result, Is.EqualTo(DeployResults.Succeeded), rollback.Record.Message);
            Assert.That((rollback.Record.Version, rollback.Record.RestoredFrom, rollback.Record.DatabaseRestored), Is.EqualTo(("1.0.0", migrated.Record.Backup, (bool?)true)));
            Assert.That(rollback.Record.Message, Does.Contain("database restored from " + migrated.Record.Backup));
            Assert.That(await DataVolumeFileAsync("migrations"), Is.EqualTo("2.0.0"), "the data as 1.0.0 last knew it: the backup 2.0.0's migration took");
            Assert.That(await RunningImagesAsync(), Is.EqualTo(new[] { images["v1"], images["v1"] }));
            Assert.That(await ServedVersionAsync("1.0.0"), Is.EqualTo("1.0.0"));
        });
    }

    [Test]
    [Order(10)]
    public async Task Smoke_tests_preview_the_new_version_before_the_update_and_a_failure_after_it_rolls_Swarm_back_exit_11_before_it_exit_10()
    {
        // The stand-ins answer their version on every public path: a check that expects 2.0.0 passes only on the new
        // version, one that expects 1.0.0 only on the serving one.
        static SmokeCheck Expect(string version, SmokeStages stage) =>
            new() { Name = $"answers {version} ({stage})", Path = "/catalog", ExpectBodyContains = version, Stages = stage };
        environment = environment with { MigrateCommand = null, SmokeTests = [Expect("2.0.0", SmokeStages.Preview), Expect("1.0.0", SmokeStages.Public)] };
        var (afterUpdate, load) = await UnderLoadAsync("1.0.0", () => Task.FromResult(
            Assert.ThrowsAsync<BuildFailedException>(async () => await TimedAsync("deploy 2.0.0, preview passes, public check fails", () => DeployAsync("v2")))!));
        var rolledBack = await LastDeployRecordAsync();
        var servedAfterRollback = await ServedVersionAsync("1.0.0");
        var runningAfterRollback = await RunningImagesAsync();
        var previewLeftAfterRollback = await PreviewContainersAsync();

        environment = environment with { SmokeTests = [Expect("3.0.0", SmokeStages.Preview)] };
        var serviceBefore = await ServiceVersionIndexAsync();
        var beforeUpdate = Assert.ThrowsAsync<BuildFailedException>(async () => await TimedAsync("deploy 2.0.0, preview check fails", () => DeployAsync("v2")))!;
        var aborted = await LastDeployRecordAsync();

        Assert.Multiple(async () =>
        {
            AssertNoFailedRequest(load);
            Assert.That(afterUpdate.ExitCode, Is.EqualTo(ExitCodes.RolledBack), afterUpdate.Message);
            Assert.That(afterUpdate.Message, Does.Contain("failed its smoke tests after the Swarm update").And.Contain("1.0.0 serves again"));
            Assert.That(rolledBack.Smoke?.Select(c => (c.Stage, c.Verdict)), Is.EqualTo(new[] { ("preview", "passed"), ("public", "failed") }),
                "the preview reached 2.0.0 while 1.0.0 served everyone else");
            Assert.That(rolledBack.Result, Is.EqualTo(DeployResults.RolledBack));
            Assert.That(servedAfterRollback, Is.EqualTo("1.0.0"));
            Assert.That(runningAfterRollback, Is.EqualTo(new[] { images["v1"], images["v1"] }));
            Assert.That(previewLeftAfterRollback, Is.Empty, "the preview container is removed once its checks ran");

            Assert.That(beforeUpdate.ExitCode, Is.EqualTo(ExitCodes.DeployAborted), beforeUpdate.Message);
            Assert.That(beforeUpdate.Message, Does.Contain("failed its smoke tests before it took traffic").And.Contain("the service is untouched"));
            Assert.That(aborted.Smoke?.Select(c => (c.Stage, c.Verdict)), Is.EqualTo(new[] { ("preview", "failed") }));
            Assert.That(await ServiceVersionIndexAsync(), Is.EqualTo(serviceBefore), "Swarm never saw the new version");
            Assert.That(await RunningImagesAsync(), Is.EqualTo(new[] { images["v1"], images["v1"] }));
            Assert.That(await PreviewContainersAsync(), Is.Empty);
        });
    }

    [Test]
    [Order(11)]
    public async Task Roles_run_as_services_of_their_own_a_failing_one_rolls_the_web_service_back_exit_11_and_a_rollback_brings_the_roles_back()
    {
        // A process that runs until stopped and says which version it is (the stand-in's STOPSIGNAL is SIGUSR1).
        const string RunsUntilStopped = "echo \"role of $APP_VERSION up\"; trap 'exit 0' TERM USR1; while true; do sleep 0.2; done";
        static DeployRole[] Roles(string schedulerScript = RunsUntilStopped) =>
        [
            new() { Name = "worker", Entrypoint = "sh", Command = ["-c", RunsUntilStopped], Replicas = 2, StopGracePeriod = TimeSpan.FromSeconds(3), SettleTime = TimeSpan.FromSeconds(1) },
            new() { Name = "scheduler", Entrypoint = "sh", Command = ["-c", schedulerScript], Singleton = true, StopGracePeriod = TimeSpan.FromSeconds(3), SettleTime = TimeSpan.FromSeconds(1) },
        ];
        environment = environment with { SmokeTests = [], Roles = Roles() };
        var deployed = await TimedAsync("deploy 2.0.0 with a worker (2 tasks) and a singleton, both created", () => DeployAsync("v2"));
        var afterDeploy = await RoleImagesAsync();
        var orders = await RoleSettingAsync("{{.Spec.UpdateConfig.Order}}");

        environment = environment with { Roles = Roles("echo 'scheduler: cannot reach the broker' >&2; exit 3") };
        var (failed, load) = await UnderLoadAsync("2.0.0", () => Task.FromResult(
            Assert.ThrowsAsync<BuildFailedException>(async () => await TimedAsync("deploy 1.0.0 whose scheduler exits", () => DeployAsync("v1")))!));
        var afterFailure = await RoleImagesAsync();
        var webAfterFailure = await RunningImagesAsync();
        var servedAfterFailure = await ServedVersionAsync("2.0.0");

        environment = environment with { Roles = Roles() };
        await using var deployHost = await DeployHost.ConnectAsync(environment, SshCredentials.None);
        var indexBeforeDryRun = await ServiceVersionIndexAsync();
        var list = await new SwarmOrchestrator(deployHost).ListAsync();
        var dryRun = await new SwarmOrchestrator(deployHost).PlanRollbackAsync(null, restoreDatabase: false);
        var indexAfterDryRun = await ServiceVersionIndexAsync();
        var rollback = await TimedAsync("rollback to 1.0.0, web then roles", () => DeployOrchestrators.For(deployHost).RollbackAsync(new RollbackRequest { Who = "swarm-test" }));
        var afterRollback = await RoleImagesAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(deployed.Record.Result, Is.EqualTo(DeployResults.Succeeded), deployed.Record.Message);
            Assert.That(afterDeploy, Is.EqualTo(new Dictionary<string, string[]> { ["worker"] = [images["v2"], images["v2"]], ["scheduler"] = [images["v2"]] }));
            Assert.That(orders, Is.EqualTo(new Dictionary<string, string> { ["worker"] = "start-first", ["scheduler"] = "stop-first" }));

            AssertNoFailedRequest(load);
            Assert.That(failed.ExitCode, Is.EqualTo(ExitCodes.RolledBack), failed.Message);
            Assert.That(failed.Message, Does.Contain("1.0.0 failed its role scheduler").And.Contain("2.0.0 serves again"));
            Assert.That(afterFailure, Is.EqualTo(afterDeploy), "the worker this deploy moved went back to 2.0.0, and Swarm rolled the scheduler back");
            Assert.That(webAfterFailure, Is.EqualTo(new[] { images["v2"], images["v2"] }));
            Assert.That(servedAfterFailure, Is.EqualTo("2.0.0"));

            Assert.That(list.Split('\n').Single(l => l.StartsWith("2.0.0", StringComparison.Ordinal)), Does.Contain("LIVE"), list);
            Assert.That(list.Split('\n').Single(l => l.StartsWith("1.0.0", StringComparison.Ordinal)), Does.EndWith("<- Rollback goes here"), list);
            Assert.That(dryRun, Does.StartWith($"Rollback of {environment.Name} would go from 2.0.0 to 1.0.0").And.Contain("then the roles worker, scheduler updated"));
            Assert.That(indexAfterDryRun, Is.EqualTo(indexBeforeDryRun), "--list and --dry-run change nothing");
            Assert.That(rollback.Record.Result, Is.EqualTo(DeployResults.Succeeded), rollback.Record.Message);
            Assert.That(rollback.Record.Version, Is.EqualTo("1.0.0"));
            Assert.That(afterRollback, Is.EqualTo(new Dictionary<string, string[]> { ["worker"] = [images["v1"], images["v1"]], ["scheduler"] = [images["v1"]] }),
                "the roles follow the web service back, with the command declared now (not Swarm's previous spec: the failed one)");
            Assert.That(await RunningImagesAsync(), Is.EqualTo(new[] { images["v1"], images["v1"] }));
        });
    }

    /// <summary>The images of each role's wanted, running tasks, sorted.</summary>
    private async Task<Dictionary<string, string[]>> RoleImagesAsync()
    {
        var images = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var role in environment.Roles)
        {
            images[role.Name] = await RunningImagesAsync(SwarmRoleSpec.ServiceNameOf(environment.Name, role.Name));
        }

        return images;
    }

    private async Task<Dictionary<string, string>> RoleSettingAsync(string format)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var role in environment.Roles)
        {
            var inspect = await ToolRunner.RunAsync(host.EngineCommand("service", "inspect", "--format", format, SwarmRoleSpec.ServiceNameOf(environment.Name, role.Name)));
            settings[role.Name] = inspect.EnsureSuccess().StandardOutput.Trim();
        }

        return settings;
    }

    private async Task<DeployRecord> LastDeployRecordAsync()
    {
        await using var deployHost = await DeployHost.ConnectAsync(environment, SshCredentials.None);
        return (await deployHost.ReadLogAsync()).Last(r => r.Kind == DeployKind.Deploy);
    }

    private async Task<string> ServiceVersionIndexAsync() =>
        (await ToolRunner.RunAsync(host.EngineCommand("service", "inspect", "--format", "{{.Version.Index}}", SwarmServiceSpec.ServiceNameOf(environment.Name))))
            .EnsureSuccess().StandardOutput.Trim();

    private async Task<IReadOnlyList<string>> PreviewContainersAsync() =>
        (await ToolRunner.RunAsync(host.EngineCommand("ps", "--all", "--quiet", "--filter", $"name=^{DeployNames.SwarmPreview(environment.Name)}$"))).EnsureSuccess().OutputLines;

    private Task<DeployOutcome> DeployAsync(string tag) => DeployImageAsync(images[tag]);

    private async Task<DeployOutcome> DeployImageAsync(string image, bool alwaysMigrate = false)
    {
        await using var deployHost = await DeployHost.ConnectAsync(environment, SshCredentials.None);
        return await DeployOrchestrators.For(deployHost).DeployAsync(new DeployRequest { Image = DeployImage.FromReference(image), Who = "swarm-test", AlwaysMigrate = alwaysMigrate });
    }

    /// <summary>A file of the environment's data volume on the Swarm's node, as the tasks and the one-off containers see it.</summary>
    private async Task<string> DataVolumeFileAsync(string path) =>
        (await ToolRunner.RunAsync(host.EngineCommand(DataVolumeRead.Arguments(environment.Name, path)))).EnsureSuccess().StandardOutput.Trim();

    private async Task<(T Result, WrkReport Load)> UnderLoadAsync<T>(string expected, Func<Task<T>> operation)
    {
        var (result, report) = await SwarmEnvironments.UnderLoadAsync(environment, http, expected, operation);
        Progress($"  under wrk: {report.Requests} requests, {report.Non2xx} non-2xx, {report.SocketErrorsByKind}");
        return (result, report);
    }

    private static void AssertNoFailedRequest(WrkReport load) => load.AssertNoFailedRequest();

    /// <summary>The images of the tasks that are wanted and running, sorted: of the web service, or of <paramref name="service"/>.</summary>
    private async Task<string[]> RunningImagesAsync(string? service = null)
    {
        var tasks = await ToolRunner.RunAsync(host.EngineCommand("service", "ps", "--no-trunc", "--format", SwarmCommands.TaskFormat, service ?? SwarmServiceSpec.ServiceNameOf(environment.Name)));
        return [.. SwarmTask.ParseLines(tasks.EnsureSuccess().StandardOutput).Where(t => t.IsRunning).Select(t => t.Image).Order(StringComparer.Ordinal)];
    }

    private Task<string> ServedVersionAsync(string expected) => SwarmEnvironments.ServedVersionAsync(http, expected);

    private static readonly TimedProgress Timing = new("swarm");

    private static void Progress(string line) => Timing.Write(line);

    private static Task<T> TimedAsync<T>(string what, Func<Task<T>> action) => Timing.TimeAsync(what, action);
}
