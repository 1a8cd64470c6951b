using Slipway.Delivery.Deploy;
using Slipway.Delivery.Tests.Deploy;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Orchestration;

/// <summary>Issue 16, several hosts: the declaration's shape, what is refused for now, and the environment as each host runs it.</summary>
public class MultiHostDeclarationTests
{
    private static readonly string[] ThreeHosts = ["ssh://deploy@app1.example.com", "ssh://deploy@app2.example.com:2222", "tcp://10.0.0.3:2376"];

    [Test]
    public void Several_blue_green_container_hosts_are_valid_and_an_environment_without_Hosts_runs_on_its_one_DockerHost()
    {
        var several = TestEnvironments.Staging with { Hosts = ThreeHosts };
        var one = TestEnvironments.Staging with { DockerHost = "ssh://deploy@app1.example.com" };

        Assert.Multiple(() =>
        {
            Assert.That(several.Problems(), Is.Empty);
            Assert.That(TestEnvironments.Staging.Hosts, Is.Empty, "the default");
            Assert.That(one.PerHost(), Is.EqualTo(new[] { one }), "one host: the environment itself");
            Assert.That(several.Endpoints, Is.EqualTo(ThreeHosts));
            Assert.That(one.Endpoints, Is.EqualTo(new[] { "ssh://deploy@app1.example.com" }));
        });
    }

    [Test]
    public void Each_host_runs_the_environment_on_its_own_endpoint_and_only_the_primary_migrates_backs_up_or_restores()
    {
        var environment = TestEnvironments.Staging with { Hosts = ThreeHosts, BackupCommand = null, RestoreCommand = ["restore", "--from", "{file}"] };

        var perHost = environment.PerHost();

        Assert.Multiple(() =>
        {
            Assert.That(perHost.Select(e => e.DockerHost), Is.EqualTo(ThreeHosts));
            Assert.That(perHost.Select(e => e.Hosts.Count), Is.All.Zero);
            Assert.That(perHost[0].MigrateCommand, Is.EqualTo(environment.MigrateCommand), "the primary migrates");
            Assert.That(perHost[0].RestoreCommand, Is.EqualTo(environment.RestoreCommand));
            Assert.That(perHost.Skip(1).Select(e => e.MigrateCommand), Is.All.Null, "the others share the primary's database");
            Assert.That(perHost.Skip(1).Select(e => e.RestoreCommand), Is.All.Null);
            Assert.That(perHost.Select(e => e.Problems().Count()), Is.All.Zero, "each host's environment is valid on its own");
        });
    }

    [Test]
    public void A_malformed_list_is_refused_with_exit_2_naming_each_problem()
    {
        var environment = TestEnvironments.Staging with
        {
            DockerHost = "ssh://deploy@app0.example.com",
            Hosts = ["ssh://deploy@app1.example.com", "app2.example.com", "SSH://deploy@APP1.example.com/"],
        };

        var failure = Assert.Throws<BuildFailedException>(environment.Validate)!;

        Assert.Multiple(() =>
        {
            Assert.That(failure.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(failure.Message, Does.Contain("DockerHost (ssh://deploy@app0.example.com) and Hosts are both set: declare one"));
            Assert.That(failure.Message, Does.Contain("Hosts: 'app2.example.com' must look like ssh://user@host"));
            Assert.That(failure.Message, Does.Contain("is listed 2 times; list each host once"));
        });
    }

    [Test]
    public void What_is_not_yet_made_to_work_across_hosts_is_refused_with_exit_2_and_its_fix()
    {
        var canary = TestEnvironments.Staging with { Hosts = ThreeHosts, Strategy = DeployStrategy.Canary };
        var rolling = TestEnvironments.Staging with { Hosts = ThreeHosts, Strategy = DeployStrategy.Rolling, Replicas = 2 };
        var swarm = SwarmEnvironments.Staging with { Hosts = ThreeHosts, Strategy = DeployStrategy.BlueGreen };

        Assert.Multiple(() =>
        {
            Assert.That(canary.Problems(), Is.Empty, "a canary moves every host's share together");
            Assert.That(rolling.Problems(), Has.One.Contains("Strategy = Rolling is not yet across hosts").And.One.Contains("Use Strategy = BlueGreen (the default) or Canary"));
            Assert.That(swarm.Problems(), Has.One.Contains("which only Orchestrator = Containers deploys"));
            Assert.That((TestEnvironments.Staging with { Hosts = ["ssh://deploy@app1.example.com"], Strategy = DeployStrategy.Rolling, Replicas = 2 }).Problems(), Is.Empty,
                "one host in the list is one host: a rolling deploy works there");
        });
    }

    [Test]
    public void Roles_run_on_every_host_except_a_singleton_which_runs_on_the_primary_only_and_is_only_stopped_elsewhere()
    {
        var environment = TestEnvironments.Staging with { Hosts = ThreeHosts, Roles = TestEnvironments.WorkerAndScheduler };

        var perHost = environment.PerHost();

        Assert.Multiple(() =>
        {
            Assert.That(environment.Problems(), Is.Empty, "roles are declared across hosts like on one");
            Assert.That(perHost[0].Roles.Select(r => (r.Name, r.RunsHere)), Is.EqualTo(new[] { ("worker", true), ("scheduler", true) }), "the primary runs both");
            foreach (var other in perHost.Skip(1))
            {
                Assert.That(other.Roles.Select(r => (r.Name, r.RunsHere)), Is.EqualTo(new[] { ("worker", true), ("scheduler", false) }),
                    "the others run the worker with its replicas and never the singleton");
                Assert.That(other.Roles[0], Is.EqualTo(environment.Roles[0]), "the worker as declared");
            }
        });
    }

    [Test]
    public void SLIPWAY_NAME_HOSTS_declares_the_hosts_from_a_CI_variable_the_primary_first()
    {
        var environment = DeployEnvironmentOverrides.Apply(TestEnvironments.Staging, new Dictionary<string, string>
        {
            ["SLIPWAY_STAGING_HOSTS"] = "ssh://deploy@app1.example.com, ssh://deploy@app2.example.com\nssh://deploy@app3.example.com",
        });

        Assert.That(environment.Hosts, Is.EqualTo(new[] { "ssh://deploy@app1.example.com", "ssh://deploy@app2.example.com", "ssh://deploy@app3.example.com" }));
    }

    [Test]
    public void HostsAtOnce_comes_from_SLIPWAY_NAME_HOSTS_AT_ONCE_and_below_1_is_refused_with_its_fix()
    {
        var one = DeployEnvironmentOverrides.Apply(TestEnvironments.Staging with { Hosts = ThreeHosts }, new Dictionary<string, string>
        {
            ["SLIPWAY_STAGING_HOSTS_AT_ONCE"] = "1",
        });
        var unset = DeployEnvironmentOverrides.Apply(one, new Dictionary<string, string> { ["SLIPWAY_STAGING_HOSTS_AT_ONCE"] = string.Empty });
        var notANumber = Assert.Throws<BuildFailedException>(() => DeployEnvironmentOverrides.Apply(TestEnvironments.Staging, new Dictionary<string, string>
        {
            ["SLIPWAY_STAGING_HOSTS_AT_ONCE"] = "two",
        }))!;

        Assert.Multiple(() =>
        {
            Assert.That(one.HostsAtOnce, Is.EqualTo(1));
            Assert.That(one.Problems(), Is.Empty);
            Assert.That(unset.HostsAtOnce, Is.Null, "an empty variable means every host at once");
            Assert.That(notANumber.Message, Does.Contain("SLIPWAY_STAGING_HOSTS_AT_ONCE='two' is not valid"));
            Assert.That((one with { HostsAtOnce = 0 }).Problems(), Has.One.Contains("HostsAtOnce (0) must be at least 1, or null to boot every host at once"));
            Assert.That((TestEnvironments.Staging with { HostsAtOnce = -1 }).Problems(), Has.One.Contains("HostsAtOnce (-1) must be at least 1"),
                "refused on one host too: a declaration never silently means less than it says");
        });
    }

    [Test]
    public void Targets_not_yet_across_hosts_refuse_an_environment_with_several_before_connecting_anywhere()
    {
        var environment = TestEnvironments.Staging with { Hosts = ThreeHosts };

        var failure = Assert.ThrowsAsync<BuildFailedException>(() => DeployHost.ConnectAsync(environment))!;

        Assert.Multiple(() =>
        {
            Assert.That(failure.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(failure.Message, Does.Contain("runs on 3 hosts, and this target is not yet across hosts"));
        });
    }
}
