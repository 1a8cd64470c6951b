using Slipway.Engine.GitHubActions;

namespace Slipway.Engine.Tests.GitHubActions;

/// <summary>
/// <see cref="GitHubActionsAttribute.OnWorkflowDispatchAction"/>: one workflow started by hand with an <c>action</c>
/// choice; each job runs only for the actions that need it (an upstream job for its downstream actions too), takes only
/// the inputs its targets read, and keeps its own condition beside the action's; an input only some actions require is
/// optional on the form.
/// </summary>
public sealed class ActionWorkflowTests
{
    private static JobPlan Job(string id) => Workflows.Plan<ActionBuild>("environments").Jobs.Single(j => j.Id == id);

    [Test]
    public void The_action_is_a_required_choice_of_the_invoked_targets_and_each_job_runs_for_the_actions_that_need_it()
    {
        var plan = Workflows.Plan<ActionBuild>("environments");

        Assert.Multiple(() =>
        {
            Assert.That(plan.Actions, Is.EqualTo(new[] { "ship", "rollback" }));
            Assert.That(plan.Jobs.Select(j => j.Id), Is.EqualTo(new[] { "build", "ship", "rollback" }));
            Assert.That(Job("build").Settings.Condition, Is.EqualTo("inputs.action == 'ship'"), "upstream of ship only");
            Assert.That(Job("ship").Settings.Condition, Is.EqualTo("inputs.action == 'ship'"));
            Assert.That(Job("rollback").Settings.Condition, Is.EqualTo("(github.ref == 'refs/heads/main') && (inputs.action == 'rollback')"), "its own condition stays");
        });
    }

    [Test]
    public void The_form_asks_for_the_action_first_and_each_job_passes_only_the_inputs_its_targets_read()
    {
        var content = Workflows.Content<ActionBuild>("environments");

        Assert.Multiple(() =>
        {
            Assert.That(content, Does.Contain("""
                  workflow_dispatch:
                    inputs:
                      action:
                        description: What to do (each runs its own job, with that job's environment and approvals)
                        required: true
                        type: choice
                        options:
                          - ship
                          - rollback
                      version:
                        description: A version
                        required: false
                """.Replace("\r\n", "\n", StringComparison.Ordinal)), "Ship requires a version and Rollback does not, so the form cannot: Ship's own check names it");
            Assert.That(content, Does.Contain("run: ./build.cmd Ship --skip Build ${INPUT_VERSION:+--version \"$INPUT_VERSION\"}\n"));
            Assert.That(content, Does.Contain("run: ./build.cmd Rollback\n"), "Rollback reads no version");
        });
    }

    [Test]
    public void An_action_workflow_with_another_trigger_is_refused()
    {
        var exception = Assert.Throws<BuildDefinitionException>(() => Workflows.Plan<PushedActionBuild>());
        Assert.That(exception!.Message, Does.Contain("OnWorkflowDispatchAction makes a workflow that people start by choosing an action; give it no push"));
    }

    /// <summary>A component: its parameter is read by its own target only (the build class's would be read by all of them).</summary>
    internal interface IShips : ISlipwayBuild
    {
        [Parameter("A version")]
        string? Version => this.GetParameter<string>();

        Target Ship => _ => _.Requires(() => Version).Executes(() => { });
    }

    private abstract class ActionTargets : SlipwayBuild, IShips
    {
        protected Target Build => _ => _.Executes(() => { });

        protected Target Ship => _ => _.Inherit<IShips>().DependsOn(Build);

        protected Target Rollback => _ => _.Executes(() => { });
    }

    [GitHubActions("environments", OnWorkflowDispatchAction = true, InvokedTargets = ["Ship", "Rollback"])]
    [GitHubActionsJob("Build")]
    [GitHubActionsJob("Rollback", OnlyOnBranches = ["main"])]
    private sealed class ActionBuild : ActionTargets;

    [GitHubActions("environments", OnWorkflowDispatchAction = true, OnPushBranches = ["main"], InvokedTargets = ["Ship"])]
    private sealed class PushedActionBuild : ActionTargets;
}
