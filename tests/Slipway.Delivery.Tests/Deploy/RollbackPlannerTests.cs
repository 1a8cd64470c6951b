using Slipway.Delivery.Deploy;
using Slipway.Delivery.Edge;
using Slipway.Engine;
using static Slipway.Delivery.Tests.Deploy.DeployFakes;

namespace Slipway.Delivery.Tests.Deploy;

public class RollbackPlannerTests
{
    private static readonly AppContainer V1 = Container("1.0.0", 28100, 0);
    private static readonly AppContainer V2 = Container("1.1.0", 28101, 10);
    private static readonly AppContainer V3 = Container("1.2.0", 28102, 20, state: "running");

    // v3 live in green; blue still points at v2's port, retired (maintenance) after the bake.
    private static readonly EdgeStatus V3Live = EdgeOf(Slot(EdgeSlot.Blue, 28101, ServerAdminState.Maintenance, false), Slot(EdgeSlot.Green, 28102, ServerAdminState.Ready, true));

    private static readonly DeployRecord[] History =
    [
        Record("d-1.0.0", "1.0.0", DeployResults.Succeeded, 0),
        Record("d-1.1.0", "1.1.0", DeployResults.Succeeded, 10),
        Record("d-1.2.0", "1.2.0", DeployResults.Succeeded, 20),
    ];

    [Test]
    public void The_live_version_is_the_container_the_active_slot_points_at()
    {
        var snapshot = new EnvironmentSnapshot("staging", [V3, V2, V1], V3Live, History);

        Assert.Multiple(() =>
        {
            Assert.That(snapshot.Live, Is.EqualTo(V3));
            Assert.That(snapshot.SlotOf(V2), Is.EqualTo(EdgeSlot.Blue));
            Assert.That(snapshot.SlotOf(V1), Is.Null);
            Assert.That(snapshot.IsWarm(V2), Is.False, "stopped and retired");
            Assert.That(snapshot.LiveRecord!.Id, Is.EqualTo("d-1.2.0"));
        });
    }

    [Test]
    public void Without_to_a_rollback_goes_to_the_previous_version_restarting_its_container_in_its_old_slot()
    {
        var plan = RollbackPlanner.Plan(new EnvironmentSnapshot("staging", [V3, V2, V1], V3Live, History), to: null, keepFromRunning: false);

        Assert.Multiple(() =>
        {
            Assert.That(plan.From, Is.EqualTo(V3));
            Assert.That(plan.To, Is.EqualTo(V2));
            Assert.That(plan.Warm, Is.False);
            Assert.That(plan.RollbackOf, Is.EqualTo("d-1.2.0"));
            Assert.That(plan.Describe(), Does.Contain("start the retained container " + V2.Name)
                .And.Contains("wake the blue slot, which still points at 127.0.0.1:28101")
                .And.Contains("drain 1.2.0, then stop its container"));
        });
    }

    [Test]
    public void A_warm_previous_version_is_a_single_switch()
    {
        var warmV2 = V2 with { State = "running" };
        var edge = EdgeOf(Slot(EdgeSlot.Blue, 28101, ServerAdminState.Drain, true), Slot(EdgeSlot.Green, 28102, ServerAdminState.Ready, true));

        var plan = RollbackPlanner.Plan(new EnvironmentSnapshot("staging", [V3, warmV2, V1], edge, History), to: null, keepFromRunning: true);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Warm, Is.True);
            Assert.That(plan.Steps[0], Does.Contain("running and warm in the blue slot"));
            Assert.That(plan.Describe(), Does.Contain("keep 1.2.0 running, drained and warm"));
        });
    }

    [Test]
    public void To_names_a_retained_version_ignoring_build_metadata_and_a_version_not_retained_is_bad_input()
    {
        var snapshot = new EnvironmentSnapshot("staging", [V3, V2, V1], V3Live, History);

        var plan = RollbackPlanner.Plan(snapshot, "1.0.0+sha.abc", keepFromRunning: false);
        var missing = Assert.Throws<BuildFailedException>(() => RollbackPlanner.Plan(snapshot, "0.9.0", keepFromRunning: false))!;
        var live = Assert.Throws<BuildFailedException>(() => RollbackPlanner.Plan(snapshot, "1.2.0", keepFromRunning: false))!;

        Assert.Multiple(() =>
        {
            Assert.That(plan.To, Is.EqualTo(V1));
            Assert.That(plan.Describe(), Does.Contain("point the blue slot at 127.0.0.1:28100"));
            Assert.That(missing.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(missing.Message, Does.Contain("Retained: 1.1.0, 1.0.0"));
            Assert.That(live.Message, Does.Contain("already live"));
        });
    }

    [Test]
    public void A_second_rollback_goes_further_back_instead_of_returning_to_the_version_just_left()
    {
        // 1.2.0 was rolled back to 1.1.0; the next rollback must go to 1.0.0, not back to 1.2.0.
        var edge = EdgeOf(Slot(EdgeSlot.Blue, 28101, ServerAdminState.Ready, true), Slot(EdgeSlot.Green, 28102, ServerAdminState.Maintenance, false));
        var records = History.Append(Record("r-1", "1.1.0", DeployResults.Succeeded, 30, DeployKind.Rollback, rollbackOf: "d-1.2.0")).ToArray();
        var running = V2 with { State = "running" };

        var plan = RollbackPlanner.Plan(new EnvironmentSnapshot("staging", [V3 with { State = "exited" }, running, V1], edge, records), to: null, keepFromRunning: false);

        Assert.Multiple(() =>
        {
            Assert.That(plan.From, Is.EqualTo(running));
            Assert.That(plan.To, Is.EqualTo(V1));
            Assert.That(plan.RollbackOf, Is.EqualTo("r-1"));
        });
    }

    [Test]
    public void A_version_that_was_rolled_back_automatically_is_never_the_previous_one()
    {
        // 1.2.0 breached its bake and was switched back: 1.1.0 serves, 1.2.0's container is stopped but retained.
        var edge = EdgeOf(Slot(EdgeSlot.Blue, 28101, ServerAdminState.Ready, true), Slot(EdgeSlot.Green, 28102, ServerAdminState.Maintenance, false));
        var records = new[] { History[0], History[1], Record("d-1.2.0", "1.2.0", DeployResults.RolledBack, 20) };

        var plan = RollbackPlanner.Plan(new EnvironmentSnapshot("staging", [V3 with { State = "exited" }, V2 with { State = "running" }, V1], edge, records), null, false);

        Assert.That(plan.To, Is.EqualTo(V1));
    }

    [Test]
    public void Nothing_retained_is_bad_input()
    {
        var only = V3;
        var exception = Assert.Throws<BuildFailedException>(() =>
            RollbackPlanner.Plan(new EnvironmentSnapshot("staging", [only], V3Live, History), null, false))!;

        Assert.That(exception.Message, Does.Contain("no retained version"));
    }

    [Test]
    public void The_list_marks_live_warm_and_where_a_rollback_goes()
    {
        var report = RetainedVersionsReport.Render(new EnvironmentSnapshot("staging", [V3, V2, V1], V3Live, History));

        Assert.Multiple(() =>
        {
            Assert.That(report, Does.Contain("Retained versions of staging"));
            Assert.That(report.Split('\n')[2], Does.StartWith("1.2.0").And.Contains("LIVE").And.Contains("green").And.Contains("d-1.2.0"));
            Assert.That(report.Split('\n')[3], Does.StartWith("1.1.0").And.Contains("stopped").And.Contains("<- Rollback goes here"));
            Assert.That(report, Does.Contain("2026-11-01 12:00:00Z"));
        });
    }

    [Test]
    public void Retention_keeps_the_newest_versions_of_this_environment_only_and_never_a_protected_one()
    {
        var containers = new[]
        {
            Container("1.5.0", 1, 50, "running"), Container("1.4.0", 2, 40), Container("1.3.0", 3, 30), Container("1.2.0", 4, 20),
            Container("1.1.0", 5, 10), Container("0.9.0", 6, 5, environment: "production"),
        };

        var removed = RetentionPolicy.ToRemove(containers, "staging", 2, new HashSet<string> { containers[0].Name }, rollbackTarget: containers[1].Name);

        Assert.That(removed.Select(c => c.Version), Is.EqualTo(new[] { "1.2.0", "1.1.0" }));
    }

    /// <summary>
    /// Found by the deploy benchmark: after deploy/rollback cycles the version a plain Rollback goes back to was the
    /// oldest retained, and a deploy pruned it, so the next Rollback had nothing to go back to.
    /// </summary>
    [Test]
    public void The_version_that_served_before_the_deploy_is_never_pruned_however_old_and_counts_among_the_retained()
    {
        var containers = new[]
        {
            Container("2.0.5", 1, 50, "running"), Container("2.0.4", 2, 40), Container("2.0.3", 3, 30), Container("2.0.2", 4, 20),
            Container("1.0.0", 5, 1),
        };
        var step = new PruneStep(containers[0].Name, containers[4].Name, KeepWarm: null, Retained: 2, History: []);

        var removed = step.ToRemove(containers, "staging");

        Assert.That(removed.Select(c => c.Version), Is.EqualTo(new[] { "2.0.3", "2.0.2" }), "kept: 2.0.5 live, 1.0.0 (the rollback target) and 2.0.4");
    }
}
