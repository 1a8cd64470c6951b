using Slipway.Delivery.Deploy;
using Slipway.Delivery.Edge;
using Slipway.Delivery.Tests.Docker;
using Slipway.Engine;
using static Slipway.Delivery.Tests.Deploy.DeployFakes;

namespace Slipway.Delivery.Tests.Deploy;

/// <summary>Roles besides the web role as data (pure): their declaration's validation, overrides, the deploy and rollback steps, the dry-run text and the run command.</summary>
public class RolePlanTests
{
    private static readonly DeployImage V2 = DeployImage.FromReference("localhost:5000/app@" + DigestOf("2.0.0")) with { Version = "2.0.0" };

    private static readonly DeployEnvironment WithRoles = TestEnvironments.Staging with { Roles = TestEnvironments.WorkerAndScheduler };

    private static DeployPlan PlanOver1_0_0(DeployEnvironment environment)
    {
        var v1 = Container("1.0.0", 28100, 0, state: "running");
        var edge = EdgeOf(Slot(EdgeSlot.Blue, 28100, ServerAdminState.Ready, true), Slot(EdgeSlot.Green, null, ServerAdminState.Maintenance, false));
        return DeployPlanner.Plan(environment, V2, new EnvironmentSnapshot("staging", [v1], edge, []), [28100], alwaysMigrate: false, "d-2", T0.AddHours(1));
    }

    [Test]
    public void Roles_start_after_the_web_switch_before_the_bake_and_the_retirement_in_declaration_order()
    {
        var plan = PlanOver1_0_0(WithRoles);
        var kinds = plan.Sequence.Select(s => s.GetType().Name).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(kinds, Is.EqualTo(new[]
            {
                nameof(RunNewColourStep), nameof(AssignSlotStep), nameof(MigrateStep), nameof(GateStep), nameof(SwitchStep),
                nameof(RoleDeployStep), nameof(RoleDeployStep), nameof(BakeStep), nameof(RetireStep), nameof(PruneStep),
            }));
            Assert.That(plan.Sequence.OfType<RoleDeployStep>().Select(s => s.Role.Name), Is.EqualTo(new[] { "worker", "scheduler" }));
            Assert.That(PlanOver1_0_0(TestEnvironments.Staging).Sequence.OfType<RoleDeployStep>(), Is.Empty, "no roles declared: the plan is the web role's alone");
        });
    }

    [Test]
    public void A_worker_starts_its_replicas_first_and_a_singleton_stops_the_previous_one_first_as_the_dry_run_says()
    {
        var plan = PlanOver1_0_0(WithRoles);
        var worker = plan.Sequence.OfType<RoleDeployStep>().Single(s => s.Role.Name == "worker");
        var scheduler = plan.Sequence.OfType<RoleDeployStep>().Single(s => s.Role.Name == "scheduler");
        var text = plan.Describe();

        Assert.Multiple(() =>
        {
            Assert.That(worker.Runs.Select(r => r.Name), Is.EqualTo(new[]
            {
                RoleRunSpec.ContainerName("staging", "worker", "2.0.0", V2.Digest, 1), RoleRunSpec.ContainerName("staging", "worker", "2.0.0", V2.Digest, 2),
            }));
            Assert.That(worker.Runs[0].Name, Does.StartWith("slipway-staging-worker-2.0.0-").And.EndWith("-1"));
            Assert.That(scheduler.Runs, Has.Count.EqualTo(1));
            Assert.That(worker.Description, Is.EqualTo(
                "role worker: start 2 container(s) of 2.0.0 (worker), gated on staying up 3 s, then stop the previous worker containers (grace 20 s)"));
            Assert.That(scheduler.Description, Is.EqualTo(
                "role scheduler (singleton): stop the previous scheduler first (grace 10 s; never two at once), then start 2.0.0's (scheduler --beat), gated on its image's health check"));
            Assert.That(text, Does.Contain("6. role worker: start 2 container(s)").And.Contain("7. role scheduler (singleton): stop the previous scheduler first"));
            Assert.That(worker.SwitchBackTo!.Value.Container.Version, Is.EqualTo("1.0.0"), "a failing role switches back to the previous web version");
            Assert.That(worker.WebContainer, Is.EqualTo(plan.Sequence.OfType<RunNewColourStep>().Single().Run.Name));
        });
    }

    [Test]
    public void Role_containers_are_labelled_with_environment_version_digest_and_their_role_never_as_the_app_and_with_no_port()
    {
        var run = PlanOver1_0_0(WithRoles).Sequence.OfType<RoleDeployStep>().First().Runs[1];

        Assert.Multiple(() =>
        {
            Assert.That(run.Labels[DeployLabels.Role], Is.EqualTo("worker"));
            Assert.That(run.Labels[DeployLabels.Environment], Is.EqualTo("staging"));
            Assert.That(run.Labels[DeployLabels.Version], Is.EqualTo("2.0.0"));
            Assert.That(run.Labels[DeployLabels.Digest], Is.EqualTo(V2.Digest));
            Assert.That(run.Labels[DeployLabels.DeployId], Is.EqualTo("d-2"));
            Assert.That(run.Labels.ContainsKey(DeployLabels.Port), Is.False, "no port: the edge never points at a role");
            Assert.That(run.Image, Is.EqualTo(V2.Reference));
        });
    }

    [Test]
    public void A_role_runs_the_image_with_its_command_no_port_and_no_image_health_check_unless_it_asks_for_it()
    {
        var environment = WithRoles with { AppEnvironment = new Dictionary<string, string> { ["ConnectionStrings__Catalog"] = "Host=db;Password=hunter2" } };
        var commands = new DeployCommands(TestDocker.Cli(), environment);
        var role = environment.Roles[0] with { Environment = new Dictionary<string, string> { ["WORKER_BATCH"] = "50" } };
        var run = commands.RunRole(RoleRunSpec.For("staging", role, "2.0.0", V2.Digest, V2.Reference, "d-2")[0]);
        var scheduler = commands.RunRole(RoleRunSpec.For("staging", environment.Roles[1], "2.0.0", V2.Digest, V2.Reference, "d-2")[0]);

        Assert.Multiple(() =>
        {
            Assert.That(run.Render(), Does.StartWith(
                "docker run --detach --name slipway-staging-worker-2.0.0-").And.Contain(
                " --network host --read-only --tmpfs /tmp --restart unless-stopped --stop-timeout 20 --mount type=volume,source=slipway-staging-data,target=/app/data " +
                "--no-healthcheck --env ConnectionStrings__Catalog --env WORKER_BATCH --label slipway.deploy-id=d-2").And.EndWith($"{V2.Reference} worker"));
            Assert.That(run.Render(), Does.Not.Contain("ASPNETCORE").And.Not.Contain("hunter2").And.Not.Contain("slipway.port"));
            Assert.That(run.Environment["ConnectionStrings__Catalog"], Is.EqualTo("Host=db;Password=hunter2"));
            Assert.That(run.Environment["WORKER_BATCH"], Is.EqualTo("50"));
            Assert.That(scheduler.Render(), Does.Not.Contain("--no-healthcheck").And.EndWith($"{V2.Reference} scheduler --beat"));
        });
    }

    [Test]
    public void A_rollback_brings_the_target_versions_roles_back_after_its_switch_and_before_the_current_version_retires()
    {
        var v1 = Container("1.0.0", 28100, 0);
        var v2 = Container("2.0.0", 28101, 10, state: "running");
        var edge = EdgeOf(Slot(EdgeSlot.Blue, 28100, ServerAdminState.Maintenance, false), Slot(EdgeSlot.Green, 28101, ServerAdminState.Ready, true));
        var records = new[] { Record("d-1", "1.0.0", DeployResults.Succeeded, 0), Record("d-2", "2.0.0", DeployResults.Succeeded, 10) };
        var snapshot = new EnvironmentSnapshot("staging", [v2, v1], edge, records);
        var plan = RollbackPlanner.Plan(snapshot, to: null, keepFromRunning: false, WithRoles.Roles);
        var roles = plan.Sequence.OfType<RoleRollbackStep>().Single();

        Assert.Multiple(() =>
        {
            Assert.That(plan.Sequence.Select(s => s.GetType().Name), Is.EqualTo(new[]
            {
                nameof(StartRetainedStep), nameof(AssignSlotStep), nameof(SwitchStep), nameof(RoleRollbackStep), nameof(RetireStep),
            }));
            Assert.That(roles.Target, Is.EqualTo(v1));
            Assert.That(roles.Description, Is.EqualTo(
                "bring back 1.0.0's roles (worker, scheduler (singleton, stop-first)): restart its retained role containers or start them from its image, and stop the current ones"));
            Assert.That(RollbackPlanner.Plan(snapshot, to: null, keepFromRunning: false).Sequence.OfType<RoleRollbackStep>(), Is.Empty);
        });
    }

    [Test]
    public void A_role_declaration_is_refused_before_anything_runs_naming_each_problem_and_its_fix()
    {
        var environment = TestEnvironments.Staging with
        {
            Roles =
            [
                new() { Name = "app", Command = ["worker"] },
                new() { Name = "Beat", Command = [] },
                new() { Name = "scheduler", Command = ["beat"], Singleton = true, Replicas = 2 },
                new() { Name = "worker", Command = ["worker"], Replicas = 9, StopGracePeriod = TimeSpan.FromSeconds(-1) },
                new() { Name = "worker", Command = ["worker"], SettleTime = TimeSpan.Zero },
            ],
        };

        var problems = environment.Problems().ToList();
        var refused = Assert.Throws<BuildFailedException>(environment.Validate)!;
        Assert.Multiple(() =>
        {
            Assert.That(refused.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(problems, Does.Contain("Roles: Role name 'app' is reserved for the web role behind the edge; name the role after what it does (worker, scheduler)."));
            Assert.That(problems, Does.Contain("Roles: Role name 'Beat' must be 1-20 lower-case letters, digits or '-', starting with a letter (e.g. worker)."));
            Assert.That(problems, Does.Contain("Roles: Role 'Beat': Command must hold the arguments that start it from the image, e.g. [\"worker\"]."));
            Assert.That(problems, Does.Contain("Roles: Role 'scheduler' is a Singleton with Replicas = 2: a singleton runs exactly one container; set Replicas = 1 or Singleton = false."));
            Assert.That(problems, Does.Contain("Roles: Role 'worker': Replicas (9) must be between 1 and 8."));
            Assert.That(problems, Has.Some.StartsWith("Roles: Role 'worker': StopGracePeriod (-00:00:01) must be between 0 and 10 minutes."));
            Assert.That(problems, Has.Some.StartsWith("Roles: Role 'worker': SettleTime (00:00:00) must be between 0.5 s and 5 minutes"));
            Assert.That(problems, Does.Contain("Roles: 'worker' is declared 2 times; give each role its own name."));
            Assert.That(WithRoles.Problems(), Is.Empty);
        });
    }

    [Test]
    public void A_roles_replicas_can_be_overridden_per_environment_and_an_undeclared_role_is_refused()
    {
        var overridden = DeployEnvironmentOverrides.Apply(WithRoles, new Dictionary<string, string> { ["SLIPWAY_STAGING_ROLE_WORKER_REPLICAS"] = "4" });
        var unknown = Assert.Throws<BuildFailedException>(() =>
            DeployEnvironmentOverrides.Apply(WithRoles, new Dictionary<string, string> { ["SLIPWAY_STAGING_ROLE_MAILER_REPLICAS"] = "2" }))!;
        var notANumber = Assert.Throws<BuildFailedException>(() =>
            DeployEnvironmentOverrides.Apply(WithRoles, new Dictionary<string, string> { ["SLIPWAY_STAGING_ROLE_WORKER_REPLICAS"] = "many" }))!;
        var singleton = DeployEnvironmentOverrides.Apply(WithRoles, new Dictionary<string, string> { ["SLIPWAY_STAGING_ROLE_SCHEDULER_REPLICAS"] = "2" });

        Assert.Multiple(() =>
        {
            Assert.That(overridden.Roles.Select(r => (r.Name, r.Replicas)), Is.EqualTo(new[] { ("worker", 4), ("scheduler", 1) }));
            Assert.That(unknown.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(unknown.Message, Is.EqualTo("SLIPWAY_STAGING_ROLE_MAILER_REPLICAS names role 'mailer', which staging does not declare. Declared roles: worker, scheduler."));
            Assert.That(notANumber.Message, Does.Contain("give a whole number of containers (1-8)"));
            Assert.That(singleton.Problems(), Has.Some.Contains("a singleton runs exactly one container"), "the override is validated with the declaration");
        });
    }

    [Test]
    public void Role_containers_are_read_from_inspect_output_by_environment_and_role_and_the_app_parser_ignores_them()
    {
        var inspect = string.Join('\n',
            Line("slipway-staging-worker-2.0.0-abc-1", "worker", "staging", "running"),
            Line("slipway-staging-worker-1.0.0-def-1", "worker", "staging", "exited"),
            Line("slipway-qa-worker-2.0.0-abc-1", "worker", "qa", "running"),
            Line("slipway-staging-scheduler-2.0.0-abc-1", "scheduler", "staging", "running"));
        var workers = RoleContainer.Parse(inspect, "staging", "worker");

        Assert.Multiple(() =>
        {
            Assert.That(workers.Select(w => (w.Name, w.IsRunning)), Is.EqualTo(new[] { ("slipway-staging-worker-2.0.0-abc-1", true), ("slipway-staging-worker-1.0.0-def-1", false) }));
            Assert.That(AppContainerParser.Parse(inspect), Is.Empty, "role containers are never taken for versions of the web role");
        });

        static string Line(string name, string role, string environment, string state) =>
            $"{{\"Id\":\"x\",\"Name\":\"/{name}\",\"Created\":\"2026-12-04T10:00:00Z\",\"Config\":{{\"Labels\":{{\"slipway.role\":\"{role}\",\"slipway.environment\":\"{environment}\"," +
            $"\"slipway.version\":\"2.0.0\",\"slipway.digest\":\"sha256:abc\",\"slipway.port\":\"28100\"}}}},\"State\":{{\"Status\":\"{state}\",\"ExitCode\":0}}}}";
    }
}
