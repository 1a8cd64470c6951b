using Slipway.Engine.Tests.Builds;
using Slipway.Engine.Tests.Support;

namespace Slipway.Engine.Tests;

public sealed class ExecutorTests
{
    private BuildHarness harness = null!;

    [SetUp]
    public void SetUp()
    {
        harness = new BuildHarness();
        OrderBuild.LastRun.Clear();
        FailureBuild.LastRun.Clear();
        ConditionBuild.LastRun.Clear();
        ComponentBuild.LastRun.Clear();
    }

    [TearDown]
    public void TearDown() => harness.Dispose();

    [Test]
    public void A_static_condition_sees_which_targets_were_invoked()
    {
        Assert.That(harness.Run<ConditionBuild>("QuickLook"), Is.EqualTo(0));
        var quick = ConditionBuild.LastRun.ToList();
        ConditionBuild.LastRun.Clear();
        Assert.That(new BuildHarness().Run<ConditionBuild>("Image"), Is.EqualTo(0));

        Assert.Multiple(() =>
        {
            Assert.That(quick, Is.EqualTo(new[] { "Image", "QuickLook" }), "the gate is skipped when QuickLook is asked for");
            Assert.That(ConditionBuild.LastRun, Is.EqualTo(new[] { "SlowGate", "Image" }), "and runs when only Image is");
        });
    }

    [Test]
    public void Runs_the_plan_in_order_and_prints_a_summary()
    {
        Assert.That(harness.Run<OrderBuild>("Test", "--no-logo"), Is.EqualTo(0));
        Assert.That(OrderBuild.LastRun, Is.EqualTo(new[] { "Restore", "Compile", "Test", "Report" }));
        Assert.That(harness.Output, Does.Match(@"Compile\s+Succeeded\s+\d+\.\ds"));
        Assert.That(harness.Output, Does.Contain("Total").And.Contain("Build succeeded."));
    }

    [Test]
    public void Default_target_runs_when_none_is_named()
    {
        Assert.That(harness.Run<OrderBuild>(b => b.Compile, "--no-logo"), Is.EqualTo(0));
        Assert.That(OrderBuild.LastRun, Is.EqualTo(new[] { "Restore", "Compile" }));
    }

    [Test]
    public void Skip_marks_targets_skipped_with_the_reason_and_drops_dependencies_only_they_need()
    {
        Assert.That(harness.Run<OrderBuild>("Test", "--skip", "Compile"), Is.EqualTo(0));
        Assert.That(OrderBuild.LastRun, Is.EqualTo(new[] { "Test", "Report" }));
        Assert.That(harness.Output, Does.Match(@"Compile\s+Skipped\s+–\s+--skip"));
        Assert.That(harness.Output, Does.Match(@"Restore\s+Skipped\s+–\s+only needed by skipped Compile"));
    }

    [Test]
    public void Collective_target_has_no_actions()
    {
        Assert.That(harness.Run<OrderBuild>("All"), Is.EqualTo(0));
        Assert.That(harness.Output, Does.Match(@"All\s+Collective"));
    }

    [Test]
    public void A_failing_target_stops_later_targets_but_assured_ones_run()
    {
        var exitCode = harness.Run<FailureBuild>("After", "Cleanup");
        Assert.That(exitCode, Is.EqualTo(ExitCodes.TargetFailed));
        Assert.That(FailureBuild.LastRun, Is.EqualTo(new[] { "Broken", "Cleanup" }));
        Assert.That(harness.Output, Does.Match(@"Broken\s+Failed\s+\d+\.\ds\s+Broken exploded"));
        Assert.That(harness.Output, Does.Match(@"After\s+NotRun\s+–\s+an earlier target failed"));
        Assert.That(harness.Output, Does.Contain("Build failed (exit code 1)."));
    }

    [Test]
    public void ProceedAfterFailure_lets_independent_targets_run_but_not_dependents()
    {
        var exitCode = harness.Run<FailureBuild>("Flaky", "Independent", "NeedsFlaky");
        Assert.That(exitCode, Is.EqualTo(ExitCodes.TargetFailed));
        Assert.That(FailureBuild.LastRun, Is.EqualTo(new[] { "Flaky", "Independent" }));
        Assert.That(harness.Output, Does.Match(@"NeedsFlaky\s+NotRun"));
    }

    [Test]
    public void A_BuildFailedException_chooses_the_exit_code()
    {
        Assert.That(harness.Run<FailureBuild>("Deploy", "--deploy-exit-code", "11"), Is.EqualTo(11));
        Assert.That(harness.Output, Does.Contain("health gate failed"));
    }

    [Test]
    public void Async_targets_are_awaited_and_their_failures_reported()
    {
        Assert.That(harness.Run<FailureBuild>("Async"), Is.EqualTo(ExitCodes.TargetFailed));
        Assert.That(harness.Output, Does.Match(@"Async\s+Failed\s+\d+\.\ds\s+async boom"));
    }

    [Test]
    public void Static_condition_skips_the_target_and_dependencies_only_it_needs_quoting_the_condition()
    {
        Assert.That(harness.Run<ConditionBuild>("Publish"), Is.EqualTo(0));
        Assert.That(ConditionBuild.LastRun, Is.Empty);
        Assert.That(harness.Output, Does.Contain("condition false: ShouldPublish"));
        Assert.That(harness.Output, Does.Contain("only needed by skipped Publish"));
    }

    [Test]
    public void Static_condition_true_runs_the_target()
    {
        Assert.That(harness.Run<ConditionBuild>("Publish", "--should-publish"), Is.EqualTo(0));
        Assert.That(ConditionBuild.LastRun, Is.EqualTo(new[] { "PackOnlyForPublish", "Publish" }));
    }

    [Test]
    public void Dynamic_condition_is_evaluated_after_dependencies_ran()
    {
        Assert.That(harness.Run<ConditionBuild>("Announce"), Is.EqualTo(0));
        Assert.That(ConditionBuild.LastRun, Is.EqualTo(new[] { "Prepare" }));
        Assert.That(harness.Output, Does.Match(@"Announce\s+Skipped\s+–\s+condition false: dynamicFlag"));
    }

    [Test]
    public void Missing_required_parameter_fails_before_anything_runs_naming_three_ways()
    {
        var exitCode = harness.Run<ConditionBuild>("Prepare", "Release");
        Assert.That(exitCode, Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(ConditionBuild.LastRun, Is.Empty);
        Assert.That(harness.Output, Does.Contain("Target Release requires parameter Version")
            .And.Contain("--version <value>").And.Contain("environment variable VERSION").And.Contain("\"Version\" in .nuke/parameters.json"));
    }

    [Test]
    public void Required_parameter_from_the_environment_satisfies_the_requirement()
    {
        harness.Environment["VERSION"] = "1.4.0";
        Assert.That(harness.Run<ConditionBuild>("Release"), Is.EqualTo(0));
        Assert.That(ConditionBuild.LastRun, Is.EqualTo(new[] { "Release" }));
    }

    [Test]
    public void Boolean_requirement_quotes_its_condition()
    {
        Assert.That(harness.Run<ConditionBuild>("Gate", "--coverage-threshold", "0"), Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(harness.Output, Does.Contain("Target Gate requires 'CoverageThreshold > 0'"));
        Assert.That(harness.Run<ConditionBuild>("Gate"), Is.EqualTo(0));
    }

    [Test]
    public void Components_run_inherited_and_extended_actions()
    {
        Assert.That(harness.Run<ComponentBuild>("Test", "--configuration", "Release"), Is.EqualTo(0));
        Assert.That(ComponentBuild.LastRun, Is.EqualTo(new[] { "Restore", "Compile:Release", "Test", "Test:extended" }));
    }

    [Test]
    public void Definition_errors_exit_2()
    {
        Assert.That(harness.Run<CycleBuild>("A"), Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(harness.Output, Does.Contain("Dependency cycle: A -> B -> C -> A"));
        Assert.That(harness.Run<DuplicateBuild>("Compile"), Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(harness.Run<OrderBuild>("Nope"), Is.EqualTo(ExitCodes.BadInvocation));
    }
}
