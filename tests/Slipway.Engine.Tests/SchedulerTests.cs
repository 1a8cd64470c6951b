using Slipway.Engine.Planning;
using Slipway.Engine.Tests.Builds;

namespace Slipway.Engine.Tests;

/// <summary>The parallel scheduler's decisions as data: which targets may start, given what finished and how.</summary>
public sealed class SchedulerTests
{
    private static (TargetScheduler Schedule, ExecutionPlan Plan) Schedule<TBuild>(int parallelism, params string[] invoked)
        where TBuild : SlipwayBuild, new()
    {
        var plan = ExecutionPlanner.Plan(TargetGraph.Create(new TBuild()), invoked);
        return (new TargetScheduler(plan, parallelism), plan);
    }

    private static string[] Names(IEnumerable<ExecutableTarget> targets) => [.. targets.Select(t => t.Name)];

    private static void Finish(TargetScheduler schedule, ExecutionPlan plan, string name, TargetStatus status = TargetStatus.Succeeded)
    {
        var target = plan.Targets.Single(t => t.Name == name);
        target.Status = status;
        schedule.Complete(target);
    }

    /// <summary>Starts whatever is ready and finishes it, until the plan is done; returns what started together.</summary>
    private static List<string[]> RunToEnd(TargetScheduler schedule, ExecutionPlan plan)
    {
        var waves = new List<string[]>();
        while (!schedule.IsFinished)
        {
            var wave = Names(schedule.Next());
            waves.Add(wave);
            foreach (var name in wave)
            {
                Finish(schedule, plan, name);
            }
        }

        return waves;
    }

    [Test]
    public void Independent_targets_are_ready_together_once_their_dependency_finished()
    {
        var (schedule, plan) = Schedule<ParallelBuild>(4, "Joined");
        Assert.That(Names(schedule.Next()), Is.EqualTo(new[] { "Restore" }));
        Assert.That(schedule.Next(), Is.Empty, "nothing else is ready while Restore runs");
        Finish(schedule, plan, "Restore");
        Assert.That(Names(schedule.Next()), Is.EqualTo(new[] { "Left", "Right" }));
        Finish(schedule, plan, "Left");
        Assert.That(schedule.Next(), Is.Empty, "Joined waits for both");
        Finish(schedule, plan, "Right");
        Assert.That(Names(schedule.Next()), Is.EqualTo(new[] { "Joined" }));
        Finish(schedule, plan, "Joined");
        Assert.That(schedule.IsFinished);
    }

    [Test]
    public void One_slot_starts_targets_one_at_a_time_in_plan_order()
    {
        var (schedule, plan) = Schedule<OrderBuild>(1, "Test", "Lint", "Pack", "Clean");
        var waves = RunToEnd(schedule, plan);
        Assert.That(waves, Has.All.Length.EqualTo(1));
        Assert.That(waves.SelectMany(w => w), Is.EqualTo(plan.Targets.Select(t => t.Name)));
    }

    [Test]
    public void The_slot_count_caps_how_many_run_at_once()
    {
        var (schedule, plan) = Schedule<ParallelBuild>(1, "Joined");
        schedule.Next();
        Finish(schedule, plan, "Restore");
        Assert.That(Names(schedule.Next()), Is.EqualTo(new[] { "Left" }));
        Assert.That(schedule.Next(), Is.Empty);
        Finish(schedule, plan, "Left");
        Assert.That(Names(schedule.Next()), Is.EqualTo(new[] { "Right" }));
    }

    [Test]
    public void After_Before_and_Triggers_order_parallel_runs_too()
    {
        var (schedule, plan) = Schedule<OrderBuild>(8, "Test", "Lint", "Pack", "Clean");
        var started = RunToEnd(schedule, plan).SelectMany(w => w).ToList();

        Assert.That(started.IndexOf("Test"), Is.GreaterThan(started.IndexOf("Lint")), "Test.After(Lint)");
        Assert.That(started.IndexOf("Clean"), Is.GreaterThan(started.IndexOf("Pack")), "Pack.Before(Clean)");
        Assert.That(started.IndexOf("Notify"), Is.GreaterThan(started.IndexOf("Pack")), "Pack.Triggers(Notify)");
        Assert.That(started.IndexOf("Report"), Is.GreaterThan(started.IndexOf("Test")), "Report.TriggeredBy(Test)");
    }

    [Test]
    public void Targets_sharing_an_exclusive_resource_never_start_together_whatever_its_case()
    {
        var (schedule, plan) = Schedule<ParallelBuild>(4, "BuildImage", "StartRegistry");
        Assert.That(Names(schedule.Next()), Is.EqualTo(new[] { "BuildImage" }));
        Assert.That(schedule.Next(), Is.Empty, "StartRegistry waits for the docker-engine");
        Assert.That(schedule.HoldsResourceOf(plan.Targets.Single(t => t.Name == "StartRegistry"))?.Name, Is.EqualTo("BuildImage"));
        Finish(schedule, plan, "BuildImage");
        Assert.That(Names(schedule.Next()), Is.EqualTo(new[] { "StartRegistry" }));
    }

    [Test]
    public void A_failure_stops_new_targets_but_assured_ones_still_start()
    {
        var (schedule, plan) = Schedule<ParallelBuild>(4, "Broken", "Slow", "Later", "Cleanup");
        Assert.That(Names(schedule.Next()), Is.EqualTo(new[] { "Broken", "Slow" }));
        Finish(schedule, plan, "Broken", TargetStatus.Failed);
        Assert.That(schedule.Next(), Is.Empty, "Later waits for Slow, which is still running");
        Finish(schedule, plan, "Slow");
        Assert.That(Names(schedule.Next()), Is.EqualTo(new[] { "Cleanup" }));
        Assert.That(plan.Targets.Single(t => t.Name == "Later").Status, Is.EqualTo(TargetStatus.NotRun));
    }

    [Test]
    public void A_failure_that_proceeds_blocks_only_its_dependents()
    {
        var (schedule, plan) = Schedule<FailureBuild>(1, "Flaky", "Independent", "NeedsFlaky");
        Assert.That(Names(schedule.Next()), Is.EqualTo(new[] { "Flaky" }));
        Finish(schedule, plan, "Flaky", TargetStatus.Failed);
        Assert.That(Names(schedule.Next()), Is.EqualTo(new[] { "Independent" }));
        Finish(schedule, plan, "Independent");
        Assert.That(schedule.Next(), Is.Empty);
        Assert.That(plan.Targets.Single(t => t.Name == "NeedsFlaky").Status, Is.EqualTo(TargetStatus.NotRun));
        Assert.That(schedule.IsFinished);
    }

    [Test]
    public void Skipped_targets_count_as_finished_at_once()
    {
        var plan = ExecutionPlanner.Plan(TargetGraph.Create(new ParallelBuild()), ["Joined"], ["Left"]);
        var schedule = new TargetScheduler(plan, 4);
        schedule.Next();
        Finish(schedule, plan, "Restore");
        Assert.That(Names(schedule.Next()), Is.EqualTo(new[] { "Right" }));
        Finish(schedule, plan, "Right");
        Assert.That(Names(schedule.Next()), Is.EqualTo(new[] { "Joined" }));
    }
}
