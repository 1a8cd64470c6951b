using Slipway.Delivery.Orchestration.Swarm;
using Slipway.Delivery.Tests.Docker;

namespace Slipway.Delivery.Tests.Orchestration;

public class SwarmServiceSpecTests
{
    private const string Image = "localhost:5000/app@sha256:0123";

    private static readonly SwarmCommands Commands = new(
        TestDocker.Cli(),
        new SwarmServiceSpec(SwarmEnvironments.Staging with
        {
            AppEnvironment = new Dictionary<string, string> { ["ConnectionStrings__Catalog"] = "Host=db;Password=hunter2" },
        }));

    private const string Rollout =
        "--replicas 3 --update-order start-first --update-parallelism 2 --update-failure-action rollback --update-max-failure-ratio 0 " +
        "--update-monitor 5000ms --rollback-order start-first --rollback-parallelism 2 --rollback-failure-action pause --rollback-monitor 5000ms " +
        "--stop-grace-period 30000ms --no-resolve-image";

    [Test]
    public void A_service_is_created_from_the_declaration_on_the_host_network_start_first_and_rolled_back_by_Swarm_on_failure()
    {
        var create = Commands.Create(Image, nodes: 1);

        Assert.Multiple(() =>
        {
            Assert.That(create.Render(), Is.EqualTo(
                "docker service create --detach --name slipway-staging --label org.slipway.environment=staging --network host --read-only " +
                "--mount type=tmpfs,target=/tmp --mount type=volume,source=slipway-staging-data,target=/app/data " +
                "--env ASPNETCORE_URLS=http://127.0.0.1:28100 --env ASPNETCORE_HTTP_PORTS=28100 --env ConnectionStrings__Catalog " +
                Rollout + " " + Image));
            Assert.That(create.Environment["ConnectionStrings__Catalog"], Is.EqualTo("Host=db;Password=hunter2"), "values go through the CLI's environment, never argv");
        });
    }

    [Test]
    public void An_update_changes_the_image_and_applies_the_declared_rollout_again_detached()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Commands.Update(Image, nodes: 1, replicas: 3).Render(), Is.EqualTo(
                $"docker service update --detach --image {Image} --env-add ASPNETCORE_URLS=http://127.0.0.1:28100 {Rollout} slipway-staging"));
            Assert.That(Commands.Update(Image, nodes: 1, replicas: 5).Render(), Does.Contain(" --replicas 5 "), "a count an operator scaled to since the last deploy");
            Assert.That(Commands.Scale(4).Render(), Is.EqualTo("docker service update --detach --replicas 4 slipway-staging"), "Scale changes the count alone");
            Assert.That(Commands.Rollback().Render(), Is.EqualTo("docker service rollback --detach slipway-staging"));
            Assert.That(Commands.Inspect().Render(), Is.EqualTo("docker service inspect slipway-staging"));
            Assert.That(Commands.Tasks().Render(), Is.EqualTo("docker service ps --no-trunc --format '{{json .}}' slipway-staging"));
            Assert.That(Commands.Update(Image, nodes: 1, replicas: 3).Arguments, Does.Not.Contain("--env"), "an update changes no app variable, so it needs none of their values");
        });
    }

    [Test]
    public void On_several_nodes_the_tasks_listen_on_every_interface_so_the_edge_on_the_manager_reaches_the_other_nodes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Commands.Create(Image, nodes: 3).Arguments, Does.Contain("ASPNETCORE_URLS=http://0.0.0.0:28100").And.Not.Contain("ASPNETCORE_URLS=http://127.0.0.1:28100"));
            Assert.That(Commands.Update(Image, nodes: 2, replicas: 3).Arguments, Does.Contain("ASPNETCORE_URLS=http://0.0.0.0:28100"), "a node added since the last deploy opens the tasks");
            Assert.That(Commands.Update(Image, nodes: 1, replicas: 3).Arguments, Does.Contain("ASPNETCORE_URLS=http://127.0.0.1:28100"), "one node: loopback only, nothing else reaches them");
            Assert.That(Commands.TaskNodes(["t1", "t2"]).Render(), Is.EqualTo("docker inspect --type task --format '{{.NodeID}}' t1 t2"));
            Assert.That(Commands.NodeAddresses(["n1"]).Render(), Is.EqualTo($"docker node inspect --format '{SwarmNodeAddress.Format}' n1"));
        });
    }

    [TestCase("10.233.0.6 ", "10.233.0.6")]
    [TestCase("10.233.0.2 10.233.0.2:2377", "10.233.0.2")]
    [TestCase("0.0.0.0 192.168.1.5:2377", "192.168.1.5")]
    public void A_node_s_address_is_the_one_it_advertised_or_for_a_manager_saying_0_0_0_0_its_manager_address(string line, string expected) =>
        Assert.That(SwarmNodeAddress.Parse(line).ToString(), Is.EqualTo(expected));

    [Test]
    public void A_node_without_an_address_is_an_error_that_says_how_to_mend_it() =>
        Assert.That(() => SwarmNodeAddress.Parse("0.0.0.0 "), Throws.TypeOf<FormatException>().With.Message.Contains("re-join that node with --advertise-addr"));

    [Test]
    public void The_watch_lasts_the_readiness_budget_plus_Swarm_s_monitor_of_every_batch()
    {
        var spec = new SwarmServiceSpec(SwarmEnvironments.Staging);

        Assert.Multiple(() =>
        {
            // 3 replicas 2 at a time: two batches of 5 s each, after 30 s of readiness.
            Assert.That(spec.WatchTimeout, Is.EqualTo(TimeSpan.FromSeconds(40)));
            Assert.That(spec.Port, Is.EqualTo(28100));
            Assert.That(spec.ServiceName, Is.EqualTo("slipway-staging"));
        });
    }
}
