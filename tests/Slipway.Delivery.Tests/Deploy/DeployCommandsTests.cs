using System.Net;
using Slipway.Delivery.Deploy;
using Slipway.Delivery.Tests.Docker;

namespace Slipway.Delivery.Tests.Deploy;

public class DeployCommandsTests
{
    private static readonly DeployEnvironment Staging = TestEnvironments.Staging with
    {
        AppEnvironment = new Dictionary<string, string> { ["ConnectionStrings__Catalog"] = "Host=db;Password=hunter2" },
    };

    private readonly DeployCommands local = new(TestDocker.Cli(), Staging);
    private readonly DeployCommands remote = new(TestDocker.Cli("ssh://deploy@app1"), Staging);

    [Test]
    public void An_app_container_binds_loopback_only_runs_read_only_on_the_data_volume_and_carries_its_labels()
    {
        var run = local.RunApp(new AppRunSpec
        {
            Name = "slipway-staging-1.4.0-0123456789ab",
            Image = "localhost:5000/app@sha256:0123",
            Port = 28101,
            Labels = new Dictionary<string, string> { ["slipway.version"] = "1.4.0", ["slipway.environment"] = "staging" },
        });

        Assert.Multiple(() =>
        {
            Assert.That(run.Render(), Is.EqualTo(
                "docker run --detach --name slipway-staging-1.4.0-0123456789ab --network host --read-only --tmpfs /tmp --restart unless-stopped " +
                "--stop-timeout 15 --mount type=volume,source=slipway-staging-data,target=/app/data --env ASPNETCORE_URLS=http://127.0.0.1:28101 " +
                "--env ASPNETCORE_HTTP_PORTS=28101 --env ConnectionStrings__Catalog --label slipway.environment=staging --label slipway.version=1.4.0 " +
                "localhost:5000/app@sha256:0123"));
            Assert.That(run.Environment["ConnectionStrings__Catalog"], Is.EqualTo("Host=db;Password=hunter2"), "values go through the CLI's environment, never argv");
        });
    }

    [Test]
    public void Migrations_run_once_in_a_removed_foreground_container_on_the_same_volume()
    {
        var migrate = remote.RunOneOff("slipway-staging-migrate-d-1", "localhost:5000/app@sha256:0123", ["migrate"]);

        Assert.Multiple(() =>
        {
            Assert.That(migrate.Render(), Is.EqualTo(
                "docker --host ssh://deploy@app1 run --rm --name slipway-staging-migrate-d-1 --network host --read-only --tmpfs /tmp " +
                "--mount type=volume,source=slipway-staging-data,target=/app/data --env ConnectionStrings__Catalog localhost:5000/app@sha256:0123 migrate"));
            Assert.That(migrate.Timeout, Is.EqualTo(Staging.DeployTimeout));
        });
    }

    [Test]
    public void Whether_a_backup_was_written_is_a_test_in_a_throw_away_container_of_the_edge_image_on_the_data_volume()
    {
        var exists = remote.BackupExists("slipway/edge:0123456789ab", "/app/data/backups/d-1.backup");

        Assert.That(exists.Render(), Is.EqualTo(
            "docker --host ssh://deploy@app1 run --rm --network none --user 0:0 --mount type=volume,source=slipway-staging-data,target=/app/data " +
            "--entrypoint test slipway/edge:0123456789ab -f /app/data/backups/d-1.backup"));
    }

    [Test]
    public void Probes_go_through_the_edge_container_so_a_remote_host_s_loopback_is_reachable()
    {
        var probe = remote.HttpGetViaEdge(new IPEndPoint(IPAddress.Loopback, 28101), "/status");

        Assert.Multiple(() =>
        {
            Assert.That(probe.Render(), Is.EqualTo("docker --host ssh://deploy@app1 exec --interactive slipway-edge-staging socat -t 5 -T 10 - TCP:127.0.0.1:28101,shut-none"));
            Assert.That(probe.StandardInput, Is.EqualTo("GET /status HTTP/1.0\r\nHost: localhost\r\nUser-Agent: slipway-deploy\r\nConnection: close\r\n\r\n"));
        });
    }

    [Test]
    public void A_smoke_request_to_the_edge_s_own_address_leaves_from_loopback_so_the_edge_counts_it_as_internal()
    {
        // An edge bound to one of the host's addresses sees a request to that address come from that address: an outside
        // client's to its preview route, which would then send a preview check to the serving version.
        var toAddress = remote.HttpViaEdge(IPAddress.Parse("203.0.113.5"), 443, "GET / HTTP/1.0\r\n\r\n", fromLoopback: true);
        var toV6 = remote.HttpViaEdge(IPAddress.Parse("2001:db8::5"), 443, "GET / HTTP/1.0\r\n\r\n", fromLoopback: true);
        var toLoopback = remote.HttpViaEdge(IPAddress.Loopback, 8080, "GET / HTTP/1.0\r\n\r\n", fromLoopback: true);
        var probe = remote.HttpViaEdge(IPAddress.Parse("10.0.0.7"), 28400, "GET / HTTP/1.0\r\n\r\n");

        Assert.Multiple(() =>
        {
            Assert.That(toAddress.Arguments[^1], Is.EqualTo("TCP:203.0.113.5:443,shut-none,bind=127.0.0.1"));
            Assert.That(toV6.Arguments[^1], Is.EqualTo("TCP:[2001:db8::5]:443,shut-none,bind=[::1]"));
            Assert.That(toLoopback.Arguments[^1], Is.EqualTo("TCP:127.0.0.1:8080,shut-none"));
            Assert.That(probe.Arguments[^1], Is.EqualTo("TCP:10.0.0.7:28400,shut-none"), "a probe of a task on another node cannot leave from loopback");
        });
    }

    [Test]
    public void Inventory_queries_filter_by_labels()
    {
        Assert.Multiple(() =>
        {
            Assert.That(local.ListAppContainers().Render(), Is.EqualTo(
                "docker ps --all --quiet --no-trunc --filter label=slipway.role=app --filter label=slipway.environment=staging"));
            Assert.That(local.ListAllAppContainers().Render(), Is.EqualTo("docker ps --all --quiet --no-trunc --filter label=slipway.role=app"));
            Assert.That(local.RemoveImage("r/x@sha256:1").Render(), Is.EqualTo("docker image rm r/x@sha256:1"), "never --force: an image in use stays");
            Assert.That(local.Stop("c", TimeSpan.FromSeconds(14.2)).Render(), Is.EqualTo("docker stop --time 15 c"));
        });
    }
}
