using Slipway.Delivery.Deploy;
using Slipway.Delivery.Orchestration;
using Slipway.Delivery.Tests.Deploy;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Orchestration;

public class SwarmDeclarationTests
{
    [Test]
    public void Containers_stay_the_default_and_a_Swarm_declaration_without_what_Swarm_cannot_do_is_valid()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TestEnvironments.Staging.Orchestrator, Is.EqualTo(DeployOrchestrator.Containers));
            Assert.That(TestEnvironments.Staging.Problems(), Is.Empty, "the containers path keeps its migrations");
            Assert.That(SwarmEnvironments.Staging.Problems(), Is.Empty);
            Assert.That(SwarmEnvironments.Staging.MigrateCommand, Is.EqualTo(TestEnvironments.Staging.MigrateCommand),
                "migrations run under Swarm too: one one-off container on the manager before the update");
            Assert.That((SwarmEnvironments.Staging with { MigrateCommand = ["migrate"], BackupCommand = ["backup", "--to", "{file}"] }).Problems(), Is.Empty,
                "and the separate backup command with them");
            Assert.That((SwarmEnvironments.Staging with { SmokeTests = [new SmokeCheck { Name = "home", Path = "/" }] }).Problems(), Is.Empty,
                "smoke tests run under Swarm: the preview stage in a container before the update, the public stage after it");
            Assert.That((SwarmEnvironments.Staging with { Roles = [new DeployRole { Name = "worker", Command = ["worker"] }] }).Problems(), Is.Empty,
                "a role is a Swarm service of its own");
        });
    }

    [Test]
    public void What_Swarm_cannot_honour_is_refused_with_exit_2_naming_each_setting_and_its_fix()
    {
        var environment = SwarmEnvironments.Staging with
        {
            Strategy = DeployStrategy.Canary,
            KeepPreviousRunning = true,
        };

        var failure = Assert.Throws<BuildFailedException>(environment.Validate)!;

        Assert.Multiple(() =>
        {
            Assert.That(failure.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(failure.Message, Does.Contain("Strategy = Canary is not available with Orchestrator = Swarm").And.Contain("Use Strategy = BlueGreen"));
            Assert.That(failure.Message, Does.Not.Contain("MigrateCommand"), "the declaration still has Staging's migrations, which Swarm runs");
            Assert.That(failure.Message, Does.Contain("KeepPreviousRunning does nothing with Orchestrator = Swarm"));
        });
    }

    [Test]
    public void The_edge_never_takes_the_one_upstream_Swarm_tasks_share_out_of_rotation_on_failed_checks_but_still_gates_the_first_route()
    {
        var swarm = EdgeProvisioner.SettingsFor(SwarmEnvironments.Staging).HealthCheck;
        var containers = EdgeProvisioner.SettingsFor(TestEnvironments.Staging).HealthCheck;

        Assert.Multiple(() =>
        {
            Assert.That(containers.Fall, Is.EqualTo(2), "the containers path takes a failing slot out after two failed checks");
            Assert.That(swarm.Fall, Is.EqualTo(EdgeProvisioner.SharedUpstreamFall));
            Assert.That(swarm.Fall * swarm.Interval, Is.GreaterThan(TimeSpan.FromHours(1)), "longer than any update Swarm could be rolling back");
            Assert.That(swarm.Rise, Is.EqualTo(SwarmEnvironments.Staging.ReadinessPasses), "the first route still waits for the checks to pass");
        });
    }

    [Test]
    public void An_undefined_orchestrator_is_refused()
    {
        var environment = TestEnvironments.Staging with { Orchestrator = (DeployOrchestrator)7 };

        Assert.That(environment.Problems(), Has.One.EqualTo("Orchestrator (7) must be Containers or Swarm."));
    }

    [Test]
    public void A_deploy_s_dry_run_is_refused_for_a_Swarm_environment_before_anything_runs()
    {
        var failure = Assert.Throws<BuildFailedException>(() => DeployOrchestrators.RequireContainers(SwarmEnvironments.Staging, "--dry-run"))!;

        Assert.Multiple(() =>
        {
            Assert.That(failure.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(failure.Message, Does.Contain("docker service ps slipway-staging"));
            Assert.DoesNotThrow(() => DeployOrchestrators.RequireContainers(TestEnvironments.Staging, "--dry-run"));
        });
    }
}
