using Slipway.Delivery.Edge;
using Slipway.Delivery.Tests.Docker;

namespace Slipway.Delivery.Tests.Edge;

/// <summary>The docker and haproxy command lines as data, checked without running them.</summary>
public sealed class EdgeCommandLineTests
{
    private static readonly EdgeContainerCommands Local = new(TestDocker.Cli(), "slipway-edge-staging");
    private static readonly EdgeContainerCommands Remote = new(TestDocker.Cli("ssh://deploy@edge.example"), "slipway-edge-staging");

    [Test]
    public void The_runtime_api_of_a_container_is_reached_through_socat_in_docker_exec()
    {
        var invocation = Remote.RuntimeApi("/var/lib/haproxy/admin.sock", "show stat app 4 -1");

        Assert.Multiple(() =>
        {
            Assert.That(invocation.Render(), Is.EqualTo(
                "docker --host ssh://deploy@edge.example exec --interactive slipway-edge-staging socat stdio unix-connect:/var/lib/haproxy/admin.sock"));
            Assert.That(invocation.StandardInput, Is.EqualTo("show stat app 4 -1\n"), "the command goes in on stdin, not in argv");
            Assert.That(invocation.LogOutput, Is.False);
        });
    }

    [Test]
    public void The_edge_container_runs_read_only_on_the_host_network_with_its_volume()
    {
        var invocation = Local.Run("registry.local/slipway-edge:2.6", "slipway-edge-staging", "staging");

        Assert.That(invocation.Arguments, Is.EqualTo(new[]
        {
            "run", "--detach", "--name", "slipway-edge-staging", "--network", "host", "--read-only", "--restart", "unless-stopped",
            "--mount", "type=volume,source=slipway-edge-staging,target=/var/lib/haproxy",
            "--label", "slipway.edge.environment=staging", "registry.local/slipway-edge:2.6",
        }));
    }

    [Test]
    public void Files_are_written_atomically_with_the_path_as_an_argument_and_the_content_on_stdin()
    {
        var invocation = Local.WriteFile("/var/lib/haproxy/server-state", "1\n# be_id\n");

        Assert.Multiple(() =>
        {
            Assert.That(invocation.Arguments, Is.EqualTo(new[]
            {
                "exec", "--interactive", "slipway-edge-staging", "sh", "-c",
                "cat > \"$1.tmp\" && mv -f \"$1.tmp\" \"$1\" && shift && for f; do [ -e \"$f\" ] || : > \"$f\"; done", "slipway-write",
                "/var/lib/haproxy/server-state",
            }));
            Assert.That(invocation.StandardInput, Is.EqualTo("1\n# be_id\n"));
        });
    }

    [Test]
    public void The_config_is_seeded_into_the_volume_before_the_first_start()
    {
        var invocation = Remote.SeedFile("slipway-edge:2.6", "slipway-edge-staging", EdgeContainerLayout.ConfigFile, "global\n", EdgeContainerLayout.MaintenanceMap);

        Assert.Multiple(() =>
        {
            Assert.That(invocation.Render(), Does.StartWith(
                "docker --host ssh://deploy@edge.example run --rm --interactive --mount type=volume,source=slipway-edge-staging,target=/var/lib/haproxy --entrypoint sh slipway-edge:2.6 -c"));
            Assert.That(invocation.Arguments.TakeLast(2), Is.EqualTo(new[] { "/var/lib/haproxy/haproxy.cfg", "/var/lib/haproxy/maintenance.map" }), "the config, and the map it needs created if missing");
            Assert.That(invocation.StandardInput, Is.EqualTo("global\n"));
        });
    }

    [Test]
    public void Reload_stop_and_read_are_plain_docker_commands()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Local.Reload().Render(), Is.EqualTo("docker kill --signal USR2 slipway-edge-staging"));
            Assert.That(Local.Stop(TimeSpan.FromSeconds(29.5)).Render(), Is.EqualTo("docker stop --time 30 slipway-edge-staging"));
            Assert.That(Local.ReadFile("/var/lib/haproxy/server-state").Arguments[^1], Is.EqualTo("/var/lib/haproxy/server-state"));
            Assert.That(EdgeContainerCommands.NameFor("production"), Is.EqualTo("slipway-edge-production"));
        });
    }

    [TestCase("edge; rm -rf /")]
    [TestCase("")]
    [TestCase("a b")]
    public void Container_names_that_are_not_names_are_refused(string name) =>
        Assert.That(() => new EdgeContainerCommands(TestDocker.Cli(), name), Throws.ArgumentException);

    [Test]
    public void Host_process_commands_use_haproxys_own_flags()
    {
        Assert.Multiple(() =>
        {
            Assert.That(HaproxyCommands.Check("/etc/edge/haproxy.cfg").Render(), Is.EqualTo("haproxy -c -f /etc/edge/haproxy.cfg"));
            Assert.That(HaproxyCommands.StartDaemon("/etc/edge/haproxy.cfg", "/run/edge.pid").Render(), Is.EqualTo("haproxy -D -f /etc/edge/haproxy.cfg -p /run/edge.pid"));
            Assert.That(HaproxyCommands.Signal(4242, "USR2").Render(), Is.EqualTo("kill -s USR2 4242"));
        });
    }
}
