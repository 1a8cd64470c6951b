using Slipway.Delivery.Orchestration.MultiHost;
using Slipway.Engine;

namespace Slipway.Delivery.Tests.Orchestration;

/// <summary>Issue 16, several hosts: when the hosts of one deploy go on together and when they back out, and the exit code of the whole.</summary>
public class HostsCoordinatorTests
{
    private static readonly string[] Hosts = ["ssh://a", "ssh://b", "ssh://c"];

    [Test]
    public async Task A_barrier_opens_only_once_every_host_is_there()
    {
        using var peers = new HostsCoordinator(Hosts);

        var a = peers.ArriveAsync("ssh://a", HostBarrier.Switch);
        var b = peers.ArriveAsync("ssh://b", HostBarrier.Switch);
        await Task.Delay(50);
        var waitingBeforeC = a.IsCompleted || b.IsCompleted;
        var c = await peers.ArriveAsync("ssh://c", HostBarrier.Switch);

        Assert.Multiple(async () =>
        {
            Assert.That(waitingBeforeC, Is.False, "a and b wait for c");
            Assert.That(c, Is.True);
            Assert.That(await a, Is.True);
            Assert.That(await b, Is.True);
            Assert.That(peers.SwitchOpened, Is.True);
            Assert.That(peers.Cause, Is.Null);
        });
    }

    [Test]
    public async Task One_host_failing_releases_every_waiting_host_with_false_and_names_itself_as_the_cause()
    {
        using var peers = new HostsCoordinator(Hosts);
        var a = peers.ArriveAsync("ssh://a", HostBarrier.Switch);
        var b = peers.ArriveAsync("ssh://b", HostBarrier.Switch);

        peers.Fail("ssh://c", new BuildFailedException(ExitCodes.DeployAborted, "2.0.0 did not pass 3 consecutive readiness checks\nIts last log lines: ..."));
        peers.Fail("ssh://b", new BuildFailedException(ExitCodes.DeployAborted, "Aborted on ssh://b because ..."));

        Assert.Multiple(async () =>
        {
            Assert.That(await a, Is.False);
            Assert.That(await b, Is.False);
            Assert.That(await peers.ArriveAsync("ssh://a", HostBarrier.Baked), Is.False, "a later barrier never opens either");
            Assert.That(peers.Cause, Is.EqualTo(("ssh://c", "2.0.0 did not pass 3 consecutive readiness checks")), "the first failure, its first line");
            Assert.That(peers.Because("ssh://a"), Is.EqualTo("host ssh://c failed: 2.0.0 did not pass 3 consecutive readiness checks"));
            Assert.That(peers.AnyFailed.IsCancellationRequested, Is.True, "a host waiting on its own gate or bake is told too");
            Assert.That(peers.SwitchOpened, Is.False);
        });
    }

    [Test]
    public async Task A_host_whose_sequence_ended_counts_as_past_every_barrier()
    {
        using var peers = new HostsCoordinator(Hosts);
        peers.End("ssh://a");

        var b = peers.ArriveAsync("ssh://b", HostBarrier.Locked);
        var c = peers.ArriveAsync("ssh://c", HostBarrier.Locked);

        Assert.Multiple(async () =>
        {
            Assert.That(await b, Is.True, "a host already serving the image ends without switching, and nobody waits for it");
            Assert.That(await c, Is.True);
        });
    }

    [Test]
    public async Task With_a_boot_limit_of_one_each_host_boots_after_the_one_before_it_passed_its_gate_in_declaration_order()
    {
        using var peers = new HostsCoordinator(Hosts, bootLimit: 1);

        // c and b ask before a does: the order of the list decides, not the race.
        var c = peers.EnterBootOrAbortAsync("ssh://c", "before the switch");
        var b = peers.EnterBootOrAbortAsync("ssh://b", "before the switch");
        await Task.Delay(50);
        var waitingBeforeA = (b.IsCompleted, c.IsCompleted);
        await peers.EnterBootOrAbortAsync("ssh://a", "before the switch").WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(50);
        var whileABoots = (b.IsCompleted, c.IsCompleted);

        var aAtSwitch = peers.ArriveAsync("ssh://a", HostBarrier.Switch);
        await b.WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(50);
        var cWhileBBoots = c.IsCompleted;
        await peers.EnterBootOrAbortAsync("ssh://b", "before the switch").WaitAsync(TimeSpan.FromSeconds(5));
        var bAtSwitch = peers.ArriveAsync("ssh://b", HostBarrier.Switch);
        await c.WaitAsync(TimeSpan.FromSeconds(5));
        var switched = await peers.ArriveAsync("ssh://c", HostBarrier.Switch).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Multiple(async () =>
        {
            Assert.That(waitingBeforeA, Is.EqualTo((false, false)), "b and c wait for a, declared first (the primary migrates)");
            Assert.That(whileABoots, Is.EqualTo((false, false)), "a boots alone");
            Assert.That(cWhileBBoots, Is.False, "c waits for b, the next in the list");
            Assert.That(switched, Is.True, "every host still switches together");
            Assert.That(await aAtSwitch, Is.True);
            Assert.That(await bAtSwitch, Is.True);
        });
    }

    [Test]
    public async Task A_host_waiting_to_boot_aborts_with_exit_10_naming_the_host_that_failed_and_a_host_that_ended_frees_its_turn()
    {
        using var peers = new HostsCoordinator(Hosts, bootLimit: 1);
        await peers.EnterBootOrAbortAsync("ssh://a", "before the switch").WaitAsync(TimeSpan.FromSeconds(5));
        var b = peers.EnterBootOrAbortAsync("ssh://b", "before the switch");
        peers.End("ssh://a");
        await b.WaitAsync(TimeSpan.FromSeconds(5));
        var c = peers.EnterBootOrAbortAsync("ssh://c", "before the switch");

        peers.Fail("ssh://b", new BuildFailedException(ExitCodes.DeployAborted, "2.0.0 did not pass 3 consecutive readiness checks"));
        var aborted = Assert.ThrowsAsync<BuildFailedException>(async () => await c)!;

        Assert.Multiple(() =>
        {
            Assert.That(aborted.ExitCode, Is.EqualTo(ExitCodes.DeployAborted));
            Assert.That(aborted.Message, Does.Contain("Aborted on ssh://c before the switch because host ssh://b failed: 2.0.0 did not pass"));
            Assert.That(() => new HostsCoordinator(Hosts, bootLimit: 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public async Task A_singleton_s_barrier_is_its_own_and_one_opened_after_a_failure_answers_false_at_once()
    {
        using var peers = new HostsCoordinator(Hosts);
        var primary = peers.ArriveForSingletonAsync("ssh://a", "scheduler");
        var b = peers.ArriveForSingletonAsync("ssh://b", "scheduler");
        var otherRole = peers.ArriveForSingletonAsync("ssh://c", "beat");
        await Task.Delay(50);
        var primaryWaited = !primary.IsCompleted;
        var opened = await peers.ArriveForSingletonAsync("ssh://c", "scheduler");

        peers.Fail("ssh://b", new BuildFailedException(ExitCodes.RolledBack, "2.0.0 failed its role worker"));

        Assert.Multiple(async () =>
        {
            Assert.That(primaryWaited, Is.True, "the primary waits until c, which might still run one, arrived");
            Assert.That(opened && await primary && await b, Is.True);
            Assert.That(await otherRole, Is.False, "another role's barrier is apart, and the failure closed it");
            Assert.That(await peers.ArriveForSingletonAsync("ssh://a", "reports"), Is.False, "a barrier first met after the failure never waits");
        });
    }

    [Test]
    public void A_host_that_is_not_one_of_them_is_a_programming_error()
    {
        using var peers = new HostsCoordinator(Hosts);

        Assert.ThrowsAsync<ArgumentException>(() => peers.ArriveAsync("ssh://d", HostBarrier.Locked));
    }

    [TestCase(new[] { ExitCodes.DeployAborted, ExitCodes.DeployAborted }, false, ExitCodes.DeployAborted)]
    [TestCase(new[] { ExitCodes.TargetFailed, ExitCodes.DeployAborted }, false, ExitCodes.DeployAborted, Description = "an engine gone before any switch: nothing switched anywhere")]
    [TestCase(new[] { ExitCodes.TargetFailed, ExitCodes.RolledBack }, true, ExitCodes.TargetFailed, Description = "after the switch a host in an unknown state outranks the rolled-back ones")]
    [TestCase(new[] { ExitCodes.RolledBack, ExitCodes.RolledBack }, true, ExitCodes.RolledBack)]
    [TestCase(new[] { ExitCodes.EnvironmentLocked, ExitCodes.DeployAborted }, false, ExitCodes.EnvironmentLocked, Description = "the caller must wait or --force: the cause, not its echo")]
    [TestCase(new[] { ExitCodes.DatabaseNeedsAttention, ExitCodes.DeployAborted }, false, ExitCodes.DatabaseNeedsAttention)]
    [TestCase(new[] { ExitCodes.BadInvocation, ExitCodes.BadInvocation }, false, ExitCodes.BadInvocation)]
    public void The_whole_exits_with_the_worst_host_s_code(int[] codes, bool switched, int expected) =>
        Assert.That(MultiHostOrchestrator.WorstExitCode(codes, switched), Is.EqualTo(expected));
}
