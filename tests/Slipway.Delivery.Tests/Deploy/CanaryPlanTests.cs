using Slipway.Delivery.Deploy;
using Slipway.Delivery.Edge;
using Slipway.Engine;
using static Slipway.Delivery.Tests.Deploy.DeployFakes;

namespace Slipway.Delivery.Tests.Deploy;

/// <summary>The canary strategy as a plan (pure), its settings, and the edge state a split leaves.</summary>
public class CanaryPlanTests
{
    private static readonly AppContainer V1 = Container("1.0.0", 28100, 0, state: "running");

    private static readonly DeployImage V2 = DeployImage.FromReference("localhost:5000/app@" + DigestOf("2.0.0")) with { Version = "2.0.0" };

    private static readonly DeployEnvironment Canary = TestEnvironments.Staging with
    {
        Strategy = DeployStrategy.Canary,
        CanarySteps = [10, 25, 50],
        CanaryStepWindow = TimeSpan.FromSeconds(30),
    };

    [Test]
    public void A_canary_deploy_gates_then_takes_each_share_in_turn_then_switches_and_bakes()
    {
        var live = EdgeOf(Slot(EdgeSlot.Blue, 28100, ServerAdminState.Ready, true), Slot(EdgeSlot.Green, null, ServerAdminState.Maintenance, false));
        var plan = Plan(Canary, new EnvironmentSnapshot("staging", [V1], live, [Record("d-1.0.0", "1.0.0", DeployResults.Succeeded, 0)]));

        var kinds = plan.Sequence.Select(s => s.GetType().Name).ToList();
        var canary = plan.Sequence.OfType<CanaryStep>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(kinds, Is.EqualTo(new[]
            {
                nameof(RunNewColourStep), nameof(AssignSlotStep), nameof(MigrateStep), nameof(GateStep), nameof(CanaryStep), nameof(CanaryStep), nameof(CanaryStep),
                nameof(SwitchStep), nameof(BakeStep), nameof(RetireStep), nameof(PruneStep),
            }));
            Assert.That(canary.Select(s => (s.Percent, s.Number, s.Of, s.Slot)), Is.EqualTo(new[] { (10, 1, 3, EdgeSlot.Green), (25, 2, 3, EdgeSlot.Green), (50, 3, 3, EdgeSlot.Green) }));
            Assert.That(canary.All(s => s.Stable == (V1, EdgeSlot.Blue) && s.Window == TimeSpan.FromSeconds(30)), Is.True);
            Assert.That(plan.Describe(), Does.Contain("canary 1/3: 10 % of new requests to 2.0.0 (green), 90 % to 1.0.0, watched for 30 s")
                .And.Contains("too little traffic to judge, sends everything back to 1.0.0"));
            Assert.That(canary[0].Phase, Is.EqualTo("canary 10%"));
        });
    }

    [Test]
    public void A_first_canary_deploy_has_nothing_to_compare_with_and_switches_at_once()
    {
        var fresh = EdgeOf(Slot(EdgeSlot.Blue, null, ServerAdminState.Maintenance, false), Slot(EdgeSlot.Green, null, ServerAdminState.Maintenance, false));
        var plan = Plan(Canary, new EnvironmentSnapshot("staging", [], fresh, []));

        Assert.Multiple(() =>
        {
            Assert.That(plan.Sequence.OfType<CanaryStep>(), Is.Empty);
            Assert.That(plan.Sequence.OfType<SwitchStep>().Single().Slot, Is.EqualTo(EdgeSlot.Blue));
        });
    }

    [Test]
    public void Blue_green_plans_no_canary_step()
    {
        var live = EdgeOf(Slot(EdgeSlot.Blue, 28100, ServerAdminState.Ready, true), Slot(EdgeSlot.Green, null, ServerAdminState.Maintenance, false));

        var plan = Plan(Canary with { Strategy = DeployStrategy.BlueGreen }, new EnvironmentSnapshot("staging", [V1], live, []));

        Assert.That(plan.Sequence.OfType<CanaryStep>(), Is.Empty);
    }

    [TestCase(new[] { 50, 25 })]
    [TestCase(new[] { 0, 50 })]
    [TestCase(new[] { 10, 100 })]
    [TestCase(new[] { 10, 10 })]
    public void Canary_steps_must_be_rising_shares_below_100(int[] steps)
    {
        Assert.That((Canary with { CanarySteps = steps }).Problems(), Has.One.Contains("must be rising percentages between 1 and 99"));
    }

    [Test]
    public void A_canary_without_steps_or_with_a_too_short_window_is_named()
    {
        var problems = (Canary with { CanarySteps = [], CanaryStepWindow = TimeSpan.FromMilliseconds(10) }).Problems().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.One.Contains("CanarySteps is empty"));
            Assert.That(problems, Has.One.Contains("CanaryStepWindow (00:00:00.0100000) must be at least 1 second"));
            Assert.That(TestEnvironments.Staging.Problems(), Is.Empty, "blue-green needs no steps");
        });
    }

    [Test]
    public void The_strategy_and_steps_can_be_set_per_environment_by_variables()
    {
        var production = DeployEnvironmentOverrides.Apply(TestEnvironments.Production, new Dictionary<string, string>
        {
            ["SLIPWAY_PRODUCTION_STRATEGY"] = "canary",
            ["SLIPWAY_PRODUCTION_CANARY_STEPS"] = "5, 20%,60",
            ["SLIPWAY_PRODUCTION_CANARY_STEP_SECONDS"] = "45",
            ["SLIPWAY_PRODUCTION_CANARY_QUIET_SECONDS"] = "300",
        });
        var bad = Assert.Throws<BuildFailedException>(() => DeployEnvironmentOverrides.Apply(TestEnvironments.Staging,
            new Dictionary<string, string> { ["SLIPWAY_STAGING_STRATEGY"] = "rolling-thunder" }))!;

        Assert.Multiple(() =>
        {
            Assert.That(production.Strategy, Is.EqualTo(DeployStrategy.Canary));
            Assert.That(production.CanarySteps, Is.EqualTo(new[] { 5, 20, 60 }));
            Assert.That(production.CanaryStepWindow, Is.EqualTo(TimeSpan.FromSeconds(45)));
            Assert.That(production.CanaryQuietTimeout, Is.EqualTo(TimeSpan.FromSeconds(300)));
            Assert.That(DeployEnvironmentOverrides.ParseStrategy("blue_green"), Is.EqualTo(DeployStrategy.BlueGreen));
            Assert.That(bad.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
            Assert.That(bad.Message, Does.Contain("SLIPWAY_STAGING_STRATEGY='rolling-thunder'").And.Contains("use blue-green, canary or rolling"));
        });
    }

    [Test]
    public void During_a_split_the_larger_share_is_the_live_slot_and_an_even_split_names_none()
    {
        var quarter = EdgeOf(Slot(EdgeSlot.Blue, 28100, ServerAdminState.Ready, true) with { Weight = 75 }, Slot(EdgeSlot.Green, 28101, ServerAdminState.Ready, true) with { Weight = 25 });
        var even = EdgeOf(quarter.Blue with { Weight = 50 }, quarter.Green with { Weight = 50 });
        var aborted = EdgeOf(quarter.Blue with { Weight = 100 }, quarter.Green with { Weight = 0 });

        Assert.Multiple(() =>
        {
            Assert.That((quarter.ActiveSlot, quarter.IsSplit), Is.EqualTo(((EdgeSlot?)EdgeSlot.Blue, true)));
            Assert.That((even.ActiveSlot, even.IsSplit), Is.EqualTo(((EdgeSlot?)null, true)));
            Assert.That((aborted.ActiveSlot, aborted.IsSplit), Is.EqualTo(((EdgeSlot?)EdgeSlot.Blue, false)), "weight 0 takes no share");
            Assert.That(quarter.Green.ToString(), Does.Contain("weight 25"));
            Assert.That(RuntimeApiCommands.SetWeight("app", "green", 25), Is.EqualTo("set weight app/green 25"));
            Assert.That(() => RuntimeApiCommands.SetWeight("app", "green", 257), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public void At_an_even_split_the_version_deployed_first_is_live()
    {
        var v2 = Container("2.0.0", 28101, 10, state: "running");
        var even = EdgeOf(Slot(EdgeSlot.Blue, 28101, ServerAdminState.Ready, true) with { Weight = 50 }, Slot(EdgeSlot.Green, 28100, ServerAdminState.Ready, true) with { Weight = 50 });

        Assert.That(new EnvironmentSnapshot("staging", [v2, V1], even, []).Live, Is.EqualTo(V1), "the canary is always the newer version");
    }

    private static DeployPlan Plan(DeployEnvironment environment, EnvironmentSnapshot snapshot) =>
        DeployPlanner.Plan(environment, V2, snapshot, [28100], alwaysMigrate: false, "d-2.0.0", T0.AddHours(1));
}
