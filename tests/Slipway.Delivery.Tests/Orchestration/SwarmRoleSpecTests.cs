using Slipway.Delivery.Deploy;
using Slipway.Delivery.Orchestration.Swarm;
using Slipway.Delivery.Tests.Docker;

namespace Slipway.Delivery.Tests.Orchestration;

public class SwarmRoleSpecTests
{
    private const string Image = "localhost:5000/app@sha256:0123";

    private static readonly DeployEnvironment Environment = SwarmEnvironments.Staging with
    {
        AppEnvironment = new Dictionary<string, string> { ["ConnectionStrings__Catalog"] = "Host=db;Password=hunter2" },
    };

    private static readonly SwarmCommands Commands = new(TestDocker.Cli(), new SwarmServiceSpec(Environment));

    private static readonly DeployRole Worker = new()
    {
        Name = "worker",
        Command = ["worker", "--queue", "it's urgent"],
        Replicas = 2,
        StopGracePeriod = TimeSpan.FromSeconds(30),
        Environment = new Dictionary<string, string> { ["WORKER_TOKEN"] = "s3cret" },
    };

    private static readonly DeployRole Scheduler = new()
    {
        Name = "scheduler",
        Entrypoint = "sh",
        Command = ["-c", "exec beat"],
        Singleton = true,
        UseImageHealthCheck = true,
        SettleTime = TimeSpan.FromSeconds(1),
    };

    [Test]
    public void A_worker_is_a_service_of_its_own_from_the_same_image_with_its_command_all_tasks_start_first_without_the_web_health_check()
    {
        var create = Commands.CreateRole(new SwarmRoleSpec(Environment, Worker), Image);

        Assert.Multiple(() =>
        {
            Assert.That(create.Render(), Is.EqualTo(
                "docker service create --detach --name slipway-staging-role-worker --label org.slipway.environment=staging --label org.slipway.role=worker " +
                "--network host --read-only --mount type=tmpfs,target=/tmp --mount type=volume,source=slipway-staging-data,target=/app/data " +
                "--env ConnectionStrings__Catalog --env WORKER_TOKEN --no-healthcheck " +
                "--replicas 2 --update-order start-first --update-parallelism 2 --update-failure-action rollback --update-max-failure-ratio 0 " +
                "--update-monitor 3000ms --rollback-order start-first --rollback-parallelism 2 --rollback-failure-action pause --rollback-monitor 3000ms " +
                "--stop-grace-period 30000ms --no-resolve-image " + Image + " worker --queue 'it'\\''s urgent'"));
            Assert.That(create.Environment["ConnectionStrings__Catalog"], Is.EqualTo("Host=db;Password=hunter2"), "values go through the CLI's environment, never argv");
            Assert.That(create.Environment["WORKER_TOKEN"], Is.EqualTo("s3cret"));
            Assert.That(create.Render(), Does.Not.Contain("ASPNETCORE_URLS"), "a role serves no port");
        });
    }

    [Test]
    public void A_singleton_is_replaced_stop_first_with_one_task_so_two_never_run_and_keeps_the_image_s_health_check_when_it_asks()
    {
        var create = Commands.CreateRole(new SwarmRoleSpec(Environment, Scheduler), Image).Render();

        Assert.Multiple(() =>
        {
            Assert.That(create, Does.Contain("--replicas 1 --update-order stop-first").And.Contain("--rollback-order stop-first"));
            Assert.That(create, Does.Not.Contain("--no-healthcheck"));
            Assert.That(create, Does.Contain("--entrypoint sh").And.EndWith(Image + " -c 'exec beat'"));
            Assert.That(create, Does.Contain("--update-monitor 1000ms"), "Swarm watches each new task for the role's settle time");
        });
    }

    [Test]
    public void An_update_changes_the_image_and_sets_the_declared_command_again_quoted_for_the_CLI_s_split()
    {
        var update = Commands.UpdateRole(new SwarmRoleSpec(Environment, Worker), Image);

        Assert.Multiple(() =>
        {
            Assert.That(update.Arguments.Take(7), Is.EqualTo(new[] { "service", "update", "--detach", "--image", Image, "--args", "'worker' '--queue' 'it'\\''s urgent'" }));
            Assert.That(update.Arguments[^1], Is.EqualTo("slipway-staging-role-worker"));
            Assert.That(update.Environment["WORKER_TOKEN"], Is.EqualTo("s3cret"));
        });
    }

    [Test]
    public void A_role_s_own_variable_wins_over_the_app_s_of_the_same_name_as_on_the_containers_path()
    {
        var role = Worker with { Environment = new Dictionary<string, string> { ["ConnectionStrings__Catalog"] = "Host=worker-db" } };

        var create = Commands.CreateRole(new SwarmRoleSpec(Environment, role), Image);

        Assert.Multiple(() =>
        {
            Assert.That(create.Environment["ConnectionStrings__Catalog"], Is.EqualTo("Host=worker-db"));
            Assert.That(create.Arguments.Count(a => a == "ConnectionStrings__Catalog"), Is.EqualTo(1), "the name is passed once");
        });
    }

    [Test]
    public void A_role_s_service_is_named_beside_the_web_service_and_watched_for_the_readiness_budget_plus_its_settle_time()
    {
        var spec = new SwarmRoleSpec(Environment, Worker);

        Assert.Multiple(() =>
        {
            Assert.That(spec.ServiceName, Is.EqualTo("slipway-staging-role-worker"));
            Assert.That(spec.WatchTimeout, Is.EqualTo(Environment.DeployTimeout + TimeSpan.FromSeconds(3)));
        });
    }
}
