using Slipway.Engine.Planning;
using Slipway.Engine.Tests.Builds;
using Slipway.Engine.Tests.Support;

namespace Slipway.Engine.Tests;

public sealed class PlannerTests
{
    private static TargetGraph Graph<TBuild>()
        where TBuild : SlipwayBuild, new() => TargetGraph.Create(new TBuild());

    private static List<string> Plan(params string[] invoked) =>
        [.. ExecutionPlanner.Plan(Graph<OrderBuild>(), invoked).Targets.Select(t => t.Name)];

    [Test]
    public void Dependencies_run_first_and_ties_keep_declaration_order()
    {
        Assert.That(Plan("Test"), Is.EqualTo(new[] { "Restore", "Compile", "Test", "Report" }));
    }

    [Test]
    public void After_orders_only_when_both_are_planned()
    {
        Assert.That(Plan("Test", "Lint"), Is.EqualTo(new[] { "Restore", "Compile", "Lint", "Test", "Report" }));
        Assert.That(Plan("Lint"), Is.EqualTo(new[] { "Restore", "Lint" }));
    }

    [Test]
    public void Before_puts_the_target_ahead_of_the_other_when_both_are_planned()
    {
        var plan = Plan("Clean", "Pack");
        Assert.That(plan.IndexOf("Pack"), Is.LessThan(plan.IndexOf("Clean")));
    }

    [Test]
    public void Triggers_add_the_triggered_target_after_the_trigger()
    {
        var plan = Plan("Pack");
        Assert.That(plan, Does.Contain("Notify"));
        Assert.That(plan.IndexOf("Notify"), Is.GreaterThan(plan.IndexOf("Pack")));
    }

    [Test]
    public void TriggeredBy_adds_the_target_when_the_trigger_runs()
    {
        Assert.That(Plan("Test"), Does.Contain("Report"));
        Assert.That(Plan("Compile"), Does.Not.Contain("Report"));
    }

    [Test]
    public void DependentFor_adds_the_target_before_the_other()
    {
        var plan = Plan("Pack");
        Assert.That(plan, Does.Contain("Publish"));
        Assert.That(plan.IndexOf("Publish"), Is.LessThan(plan.IndexOf("Pack")));
    }

    [Test]
    public void Names_are_case_insensitive_and_ignore_dashes()
    {
        Assert.That(Plan("COM-PILE"), Is.EqualTo(new[] { "Restore", "Compile" }));
    }

    [Test]
    public void Unknown_target_lists_known_targets_closest_first()
    {
        var exception = Assert.Throws<BuildDefinitionException>(() => Plan("Tset"));
        Assert.That(exception!.ExitCode, Is.EqualTo(ExitCodes.BadInvocation));
        Assert.That(exception.Message, Does.StartWith("Unknown target 'Tset'. Known targets: Test,"));
        Assert.That(exception.Message, Does.Contain("Restore"));
    }

    [Test]
    public void Cycle_is_named()
    {
        var exception = Assert.Throws<BuildDefinitionException>(() => Graph<CycleBuild>());
        Assert.That(exception!.Message, Does.Contain("A -> B -> C -> A"));
    }

    [Test]
    public void Duplicate_component_targets_name_both_declarations()
    {
        var exception = Assert.Throws<BuildDefinitionException>(() => Graph<DuplicateBuild>());
        Assert.That(exception!.Message, Does.Contain("IFirstComponent.Publish").And.Contain("ISecondComponent.Publish"));
    }

    [Test]
    public void Targets_differing_only_in_case_are_duplicates()
    {
        var exception = Assert.Throws<BuildDefinitionException>(() => Graph<CaseDuplicateBuild>());
        Assert.That(exception!.Message, Does.Contain("CaseDuplicateBuild.Deploy").And.Contain("CaseDuplicateBuild.deploy"));
    }

    [Test]
    public void Skip_without_names_skips_everything_not_invoked()
    {
        var plan = ExecutionPlanner.Plan(Graph<OrderBuild>(), ["Test"], []);
        Assert.That(plan.Targets.Where(t => t.Status == TargetStatus.Skipped).Select(t => t.Name),
            Is.EquivalentTo(new[] { "Restore", "Compile", "Report" }));
    }

    [Test]
    public void Components_resolve_primary_targets_and_inherit()
    {
        var graph = Graph<ComponentBuild>();
        var test = graph.Find("Test")!;
        Assert.That(test.Declaration, Is.EqualTo("ComponentBuild.Test"));
        Assert.That(test.Description, Is.EqualTo("Test, extended by the build"));
        Assert.That(test.DependsOn.Select(d => d.Name), Is.EqualTo(new[] { "Compile" }));
        Assert.That(graph.Find("Compile")!.DependsOn.Select(d => d.Name), Is.EqualTo(new[] { "Restore" }));
        Assert.That(graph.Targets, Has.Count.EqualTo(3));
    }

    [Test]
    public void Plan_option_prints_the_order_and_writes_a_mermaid_page()
    {
        using var harness = new BuildHarness();
        var exitCode = harness.Run<OrderBuild>("All", "--plan");
        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(harness.Output, Does.Contain("1. Restore").And.Contain("Graph: .nuke/temp/plan.html"));
        var page = File.ReadAllText(Path.Combine(harness.Root, ".nuke", "temp", "plan.html"));
        Assert.That(page, Does.Contain("flowchart LR").And.Contain("Compile --&gt; Test"));
        Assert.That(OrderBuild.LastRun, Is.Empty, "--plan must not run anything");
    }

    [SetUp]
    public void Clear() => OrderBuild.LastRun.Clear();
}
