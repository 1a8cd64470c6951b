using YamlDotNet.RepresentationModel;
using static Slipway.Engine.GitHubTokenAccess;
using YamlNode = YamlDotNet.RepresentationModel.YamlNode;

namespace Slipway.Engine.Tests.GitHubActions;

/// <summary>
/// The hotfix fast path: <see cref="GitHubActionsJobAttribute.Needs"/> puts a job after another of its workflow without
/// a dependency between their targets (Monitor after the deploy chain's last link), and the repository's own
/// <c>hotfix.yml</c> — the committed file, which the drift check keeps equal to what the build class generates — has
/// the triggers, job graph, environments and permissions docs/workflows.md promises.
/// </summary>
public sealed class HotfixWorkflowTests
{
    private static YamlMappingNode Committed()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Workflows.CommittedDirectory, "hotfix.yml"))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node)[key];

    private static string Text(YamlNode node, string key) => ((YamlScalarNode)((YamlMappingNode)node)[key]).Value!;

    private static string[] Items(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(key, out var value) ? [.. ((YamlSequenceNode)value).Children.Select(c => ((YamlScalarNode)c).Value!)] : [];

    private static Dictionary<string, string> Permissions(YamlNode job) =>
        Map(job, "permissions").Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value!);

    private static string RunStep(YamlNode job, string target) =>
        ((YamlSequenceNode)((YamlMappingNode)job)["steps"]).Children.Cast<YamlMappingNode>().Where(s => Text(s, "name") == target).Select(s => Text(s, "run")).Single();

    [Test]
    public void A_job_with_Needs_waits_for_the_last_link_of_a_chain_its_target_does_not_depend_on()
    {
        var plan = Workflows.Plan<WatchedChainBuild>("hotfix");

        Assert.Multiple(() =>
        {
            Assert.That(plan.Jobs.Select(j => j.Id), Is.EqualTo(new[] { "push", "deploy-development", "deploy-acceptance", "deploy-production", "monitor" }));
            Assert.That(plan.Jobs.Single(j => j.Id == "monitor").Needs, Is.EqualTo(new[] { "deploy-production" }));
            Assert.That(plan.Jobs.Single(j => j.Id == "monitor").Command, Is.EqualTo("./build.cmd Monitor"), "Monitor runs no deploy of its own");
        });
    }

    [Test]
    public void Needs_naming_a_target_without_a_job_in_the_workflow_is_refused()
    {
        var exception = Assert.Throws<BuildDefinitionException>(() => Workflows.Plan<NeedsWithoutJobBuild>());
        Assert.That(exception!.Message, Does.Contain("job monitor: Needs names Deploy, which has no job in this workflow: invoke it, or give it a [GitHubActionsJob] declaration."));
    }

    [Test]
    public void The_repositorys_hotfix_workflow_runs_on_hotfix_branches_only_and_goes_gates_image_staging_production_canary_monitor()
    {
        var workflow = Committed();
        var jobs = Map(workflow, "jobs");
        YamlNode Job(string id) => jobs[id];

        Assert.Multiple(() =>
        {
            Assert.That(Map(workflow, "on").Children.Keys.Select(k => ((YamlScalarNode)k).Value), Is.EqualTo(new[] { "push" }), "no pull request, tag or manual trigger");
            Assert.That(Items(Map(workflow, "on")["push"], "branches"), Is.EqualTo(new[] { "hotfix/*" }));
            Assert.That(Permissions(workflow), Is.EqualTo(new Dictionary<string, string> { ["contents"] = "read" }));
            Assert.That(jobs.Children.Keys.Select(k => ((YamlScalarNode)k).Value),
                Is.EqualTo(new[] { "lint", "test", "push", "deploy-staging", "deploy-production", "monitor" }), "no scan: the nightly security.yml runs it");
            Assert.That(Items(Job("lint"), "needs").Concat(Items(Job("test"), "needs")), Is.Empty, "the gates run side by side");
            Assert.That(Items(Job("push"), "needs"), Is.EqualTo(new[] { "lint", "test" }));
            Assert.That(Items(Job("deploy-staging"), "needs"), Is.EqualTo(new[] { "push" }));
            Assert.That(Items(Job("deploy-production"), "needs"), Is.EqualTo(new[] { "push", "deploy-staging" }));
            Assert.That(Items(Job("monitor"), "needs"), Is.EqualTo(new[] { "deploy-production" }));

            Assert.That(RunStep(Job("push"), "Push"), Is.EqualTo("./build.cmd Push --skip Lint Test Scan"), "the image is built in the push job, once");
            Assert.That(RunStep(Job("deploy-staging"), "Deploy"), Is.EqualTo("./build.cmd Deploy --environment staging"));
            Assert.That(RunStep(Job("deploy-production"), "Deploy"), Is.EqualTo("./build.cmd Deploy --environment production"));
            Assert.That(RunStep(Job("monitor"), "Monitor"), Is.EqualTo("./build.cmd Monitor"));
            var monitorEnvironment = Map(((YamlSequenceNode)((YamlMappingNode)Job("monitor"))["steps"]).Children.Cast<YamlMappingNode>().Single(s => Text(s, "name") == "Monitor"), "env");
            Assert.That(Text(monitorEnvironment, "ENVIRONMENT"), Is.EqualTo("${{ 'production' }}"));
            Assert.That(Text(monitorEnvironment, "ROLLBACK_ON_BREACH"), Is.EqualTo("${{ 'true' }}"));
            Assert.That(Text(monitorEnvironment, "DURATION"), Is.EqualTo("${{ vars.HOTFIX_MONITOR_DURATION || '5m' }}"));

            Assert.That(Text(Map(Job("deploy-staging"), "environment"), "name"), Is.EqualTo("staging"));
            foreach (var production in new[] { "deploy-production", "monitor" })
            {
                Assert.That(Text(Map(Job(production), "environment"), "name"), Is.EqualTo("production"), $"{production} waits for production's reviewers");
                Assert.That(Text(Map(Job(production), "concurrency"), "group"), Is.EqualTo("environment-production"));
            }

            Assert.That(Permissions(Job("lint")), Is.EqualTo(new Dictionary<string, string> { ["contents"] = "read" }));
            Assert.That(Permissions(Job("test")), Is.EqualTo(new Dictionary<string, string> { ["contents"] = "read" }));
            Assert.That(Permissions(Job("push")), Is.EqualTo(new Dictionary<string, string> { ["contents"] = "read", ["packages"] = "write" }));
            Assert.That(Permissions(Job("deploy-production")), Is.EqualTo(new Dictionary<string, string> { ["contents"] = "read", ["deployments"] = "write", ["packages"] = "read" }));
            Assert.That(Permissions(Job("monitor")), Is.EqualTo(new Dictionary<string, string> { ["contents"] = "read", ["deployments"] = "write" }));
        });
    }

    private enum Stage
    {
        Development,
        Acceptance,
        Production,
    }

    [GitHubActions("hotfix", OnPushBranches = ["hotfix/*"], InvokedTargets = [nameof(Push), nameof(Deploy), nameof(Monitor)])]
    [GitHubActionsJob(nameof(Push), Permissions = [PackagesWrite])]
    [GitHubActionsJob(nameof(Deploy), ForEachValueOf = nameof(Environment))]
    [GitHubActionsJob(nameof(Monitor), Environment = "production", Needs = [nameof(Deploy)])]
    private sealed class WatchedChainBuild : SlipwayBuild
    {
        [Parameter("Environment to deploy to")] readonly Stage? Environment;

        Target Push => _ => _.Produces("artifacts/image.json").Executes(() => { });

        Target Deploy => _ => _.Requires(() => Environment).After(Push).Consumes(Push).Produces("artifacts/image.json").Executes(() => { });

        Target Monitor => _ => _.Executes(() => { });
    }

    [GitHubActions("hotfix", OnPushBranches = ["hotfix/*"], InvokedTargets = [nameof(Monitor)])]
    [GitHubActionsJob(nameof(Monitor), Needs = [nameof(Deploy)])]
    private sealed class NeedsWithoutJobBuild : SlipwayBuild
    {
        Target Deploy => _ => _.Executes(() => { });

        Target Monitor => _ => _.Executes(() => { });
    }
}
