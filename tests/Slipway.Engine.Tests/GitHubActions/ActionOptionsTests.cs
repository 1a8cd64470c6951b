using Slipway.Engine.GitHubActions;
using YamlDotNet.RepresentationModel;

namespace Slipway.Engine.Tests.GitHubActions;

/// <summary>
/// An action workflow with its own options (<see cref="GitHubActionsAttribute.ActionOptions"/>), input name
/// (<see cref="GitHubActionsAttribute.ActionInput"/>) and a default for runs without inputs
/// (<see cref="GitHubActionsAttribute.ActionDefault"/>): each option runs exactly the jobs it lists, a job an option
/// runs without its upstream job still runs (and downloads that job's artifacts only when it ran), a scheduled run takes
/// the default; and the repository's own pipeline-test.yml maps its types that way.
/// </summary>
public sealed class ActionOptionsTests
{
    private static JobPlan Job(string id) => Workflows.Plan<SelfTestBuild>("pipeline-test").Jobs.Single(j => j.Id == id);

    [Test]
    public void Each_option_runs_exactly_its_jobs_and_a_run_without_inputs_takes_the_default()
    {
        var plan = Workflows.Plan<SelfTestBuild>("pipeline-test");

        Assert.Multiple(() =>
        {
            Assert.That(plan.Choice!.Input, Is.EqualTo("type"));
            Assert.That(plan.Actions, Is.EqualTo(new[] { "full", "ci-only", "cd-only", "rollback-only" }));
            Assert.That(Job("lint").Settings.Condition, Is.EqualTo("(inputs.type || 'full') == 'full' || (inputs.type || 'full') == 'ci-only'"));
            Assert.That(Job("push").Settings.Condition,
                Is.EqualTo("${{ !cancelled() && !failure() && ((inputs.type || 'full') == 'full' || (inputs.type || 'full') == 'cd-only') }}"),
                "cd-only runs push without the gates, so a skipped gate must not skip it; a failed one still does");
            Assert.That(Job("rehearse").Settings.Condition,
                Is.EqualTo("${{ !cancelled() && !failure() && (github.ref == 'refs/heads/main') && " +
                    "((inputs.type || 'full') == 'full' || (inputs.type || 'full') == 'cd-only' || (inputs.type || 'full') == 'rollback-only') }}"),
                "its own condition stays");
            Assert.That(Job("rehearse").Downloads.Single().Condition, Is.EqualTo("${{ needs.push.result == 'success' }}"), "rollback-only has no push to download from");
            Assert.That(Job("push").Command, Is.EqualTo("./build.cmd Push --skip Lint Test"), "the gates are never redone in the push job");
        });
    }

    [Test]
    public void The_form_preselects_the_default_and_the_schedule_stays()
    {
        var content = Workflows.Content<SelfTestBuild>("pipeline-test");

        Assert.That(content, Does.Contain("""
            on:
              schedule:
                - cron: 41 4 * * 1
              workflow_dispatch:
                inputs:
                  type:
                    description: 'What to run: full (lint, test, push, rehearse); ci-only (lint, test); cd-only (push, rehearse); rollback-only (rehearse)'
                    required: true
                    default: full
                    type: choice
                    options:
                      - full
                      - ci-only
                      - cd-only
                      - rollback-only
            """.Replace("\r\n", "\n", StringComparison.Ordinal)));
        Assert.That(content, Does.Contain("""
                  - name: Download image-json (from push)
                    if: ${{ needs.push.result == 'success' }}
            """.Replace("\r\n", "\n", StringComparison.Ordinal)));
    }

    [Test]
    public void Without_options_the_action_workflow_is_unchanged_and_downloads_are_unconditional()
    {
        var plan = Workflows.Plan<DefaultActionBuild>("environments");

        Assert.Multiple(() =>
        {
            Assert.That(plan.Choice!.Input, Is.EqualTo("action"));
            Assert.That(plan.Actions, Is.EqualTo(new[] { "push", "deploy" }));
            Assert.That(plan.Jobs.Single(j => j.Id == "push").Settings.Condition, Is.EqualTo("inputs.action == 'push' || inputs.action == 'deploy'"));
            Assert.That(plan.Jobs.Single(j => j.Id == "deploy").Settings.Condition, Is.EqualTo("inputs.action == 'deploy'"), "no guard: its action runs push too");
            Assert.That(plan.Jobs.Single(j => j.Id == "deploy").Downloads.Single().Condition, Is.Null);
        });
    }

    [TestCase(typeof(ScheduledWithoutDefaultBuild), "OnWorkflowDispatchAction makes a workflow that people start by choosing an action; give it no push, pull-request or schedule trigger, or set ActionDefault")]
    [TestCase(typeof(UnknownDefaultBuild), "ActionDefault 'nightly' is not one of the options of 'type': full, ci-only")]
    [TestCase(typeof(OptionWithoutJobBuild), "option 'ci-only' names Compile, which has no job in this workflow. Jobs: Lint, Test, Push, Rehearse.")]
    [TestCase(typeof(JobInNoOptionBuild), "no option of 'type' runs the job rehearse: add Rehearse to an option of ActionOptions")]
    [TestCase(typeof(MalformedOptionBuild), "ActionOptions: 'ci-only' is not OPTION=Target,Target")]
    [TestCase(typeof(OptionsWithoutActionBuild), "ActionInput, ActionOptions and ActionDefault shape the action input: set OnWorkflowDispatchAction = true too.")]
    [TestCase(typeof(InputNamedLikeChoiceBuild), "the input 'type' (parameter Type) has the name of the action input")]
    [TestCase(typeof(ElevenInputsBuild), "has 11 workflow_dispatch inputs and GitHub allows 10")]
    public void A_choice_GitHub_would_refuse_or_that_runs_a_job_never_is_refused(Type build, string message)
    {
        var exception = Assert.Throws<BuildDefinitionException>(() => Workflows.Generate(build));
        Assert.That(exception!.Message, Does.Contain(message));
    }

    [Test]
    public void The_repositorys_pipeline_test_maps_each_type_to_its_jobs_and_schedules_full()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Workflows.CommittedDirectory, "pipeline-test.yml"))));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var on = (YamlMappingNode)root["on"];
        var type = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)on["workflow_dispatch"])["inputs"])["type"];
        var jobs = (YamlMappingNode)root["jobs"];
        string Condition(string job) => ((YamlScalarNode)((YamlMappingNode)jobs[job])["if"]).Value!;
        string[] RunsFor(string job) => [.. new[] { "full", "ci-only", "cd-only", "rollback-only" }.Where(t => Condition(job).Contains($"== '{t}'", StringComparison.Ordinal))];

        Assert.Multiple(() =>
        {
            Assert.That(on.Children.Keys.Select(k => ((YamlScalarNode)k).Value), Is.EqualTo(new[] { "schedule", "workflow_dispatch" }));
            Assert.That(((YamlScalarNode)type["default"]).Value, Is.EqualTo("full"), "a scheduled run has no inputs");
            Assert.That(((YamlSequenceNode)type["options"]).Children.Select(c => ((YamlScalarNode)c).Value), Is.EqualTo(new[] { "full", "ci-only", "cd-only", "rollback-only" }));
            foreach (var gate in new[] { "lint", "test", "scan" })
            {
                Assert.That(RunsFor(gate), Is.EqualTo(new[] { "full", "ci-only" }), gate);
            }

            Assert.That(RunsFor("push"), Is.EqualTo(new[] { "full", "cd-only" }));
            Assert.That(RunsFor("rehearse"), Is.EqualTo(new[] { "full", "cd-only", "rollback-only" }));
            Assert.That(Condition("rehearse"), Does.Contain("(inputs.type || 'full')"), "the default stands in for a schedule's missing input");
        });
    }

    private abstract class SelfTestTargets : SlipwayBuild
    {
        [Parameter("A parameter whose input would take the choice's name")]
        protected readonly string? Type;

        protected Target Compile => _ => _.Executes(() => { });

        protected Target Lint => _ => _.Executes(() => { });

        protected Target Test => _ => _.Executes(() => { });

        protected Target Push => _ => _.DependsOn(Lint, Test).Produces("artifacts/image.json").Executes(() => { });

        protected Target Rehearse => _ => _.After(Push).Consumes(Push).Executes(() => { });

        protected Target Deploy => _ => _.DependsOn(Push).Consumes(Push).Executes(() => { });
    }

    [GitHubActions("pipeline-test", OnCronSchedule = "41 4 * * 1", OnWorkflowDispatchAction = true, InvokedTargets = ["Push", "Rehearse"],
        ActionInput = "type", ActionDefault = "full",
        ActionOptions = ["full=Lint,Test,Push,Rehearse", "ci-only=Lint, Test", "cd-only=Push,Rehearse", "rollback-only=Rehearse"])]
    [GitHubActionsJob("Lint")]
    [GitHubActionsJob("Test")]
    [GitHubActionsJob("Rehearse", OnlyOnBranches = ["main"])]
    private sealed class SelfTestBuild : SelfTestTargets;

    [GitHubActions("environments", OnWorkflowDispatchAction = true, InvokedTargets = ["Push", "Deploy"], SkipTargets = ["Lint", "Test"])]
    private sealed class DefaultActionBuild : SelfTestTargets;

    [GitHubActions("pipeline-test", OnCronSchedule = "41 4 * * 1", OnWorkflowDispatchAction = true, InvokedTargets = ["Push"], ActionInput = "type",
        ActionOptions = ["full=Push"])]
    private sealed class ScheduledWithoutDefaultBuild : SelfTestTargets;

    [GitHubActions("pipeline-test", OnCronSchedule = "41 4 * * 1", OnWorkflowDispatchAction = true, InvokedTargets = ["Push", "Rehearse"], ActionInput = "type",
        ActionDefault = "nightly", ActionOptions = ["full=Lint,Test,Push,Rehearse", "ci-only=Lint,Test"])]
    [GitHubActionsJob("Lint")]
    [GitHubActionsJob("Test")]
    private sealed class UnknownDefaultBuild : SelfTestTargets;

    [GitHubActions("pipeline-test", OnWorkflowDispatchAction = true, InvokedTargets = ["Push", "Rehearse"], ActionInput = "type",
        ActionOptions = ["full=Lint,Test,Push,Rehearse", "ci-only=Lint,Compile"])]
    [GitHubActionsJob("Lint")]
    [GitHubActionsJob("Test")]
    private sealed class OptionWithoutJobBuild : SelfTestTargets;

    [GitHubActions("pipeline-test", OnWorkflowDispatchAction = true, InvokedTargets = ["Push", "Rehearse"], ActionInput = "type",
        ActionOptions = ["full=Lint,Test,Push", "ci-only=Lint,Test"])]
    [GitHubActionsJob("Lint")]
    [GitHubActionsJob("Test")]
    private sealed class JobInNoOptionBuild : SelfTestTargets;

    [GitHubActions("pipeline-test", OnWorkflowDispatchAction = true, InvokedTargets = ["Push"], ActionOptions = ["ci-only"])]
    private sealed class MalformedOptionBuild : SelfTestTargets;

    [GitHubActions("pipeline-test", OnWorkflowDispatch = true, InvokedTargets = ["Push"], ActionDefault = "full")]
    private sealed class OptionsWithoutActionBuild : SelfTestTargets;

    [GitHubActions("pipeline-test", OnWorkflowDispatchAction = true, InvokedTargets = ["Push"], ActionInput = "type", OnWorkflowDispatchOptionalInputs = ["Type"])]
    private sealed class InputNamedLikeChoiceBuild : SelfTestTargets;

    // Ten parameters as inputs, and the choice makes eleven.
    [GitHubActions("many", OnWorkflowDispatchAction = true, InvokedTargets = ["Push"],
        OnWorkflowDispatchOptionalInputs = ["Type", "A", "B", "C", "D", "E", "F", "G", "H", "I"])]
    private sealed class ElevenInputsBuild : SelfTestTargets
    {
        [Parameter("a")] internal readonly string? A;
        [Parameter("b")] internal readonly string? B;
        [Parameter("c")] internal readonly string? C;
        [Parameter("d")] internal readonly string? D;
        [Parameter("e")] internal readonly string? E;
        [Parameter("f")] internal readonly string? F;
        [Parameter("g")] internal readonly string? G;
        [Parameter("h")] internal readonly string? H;
        [Parameter("i")] internal readonly string? I;
    }
}
