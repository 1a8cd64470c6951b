namespace Slipway.Engine.Tests.GitHubActions;

/// <summary>Issue 13: environments are data — one deploy job per declared environment, chained, from one declaration.</summary>
public sealed class EnvironmentChainTests
{
    [Test]
    public void Each_environment_gets_its_job_in_declaration_order_each_waiting_for_the_one_before()
    {
        var plan = Workflows.Plan<ChainBuild>("delivery");

        Assert.Multiple(() =>
        {
            Assert.That(plan.Jobs.Select(j => j.Id), Is.EqualTo(new[] { "push", "deploy-development", "deploy-acceptance", "deploy-production" }));
            Assert.That(plan.Jobs.Select(j => string.Join(",", j.Needs)), Is.EqualTo(new[] { "", "push", "push,deploy-development", "push,deploy-acceptance" }));
            Assert.That(plan.Jobs.Skip(1).Select(j => j.Command), Is.EqualTo(new[]
            {
                "./build.cmd Deploy --environment development",
                "./build.cmd Deploy --environment acceptance",
                "./build.cmd Deploy --environment production",
            }));
            Assert.That(plan.Jobs.Skip(1).Select(j => (j.Settings.EnvironmentName, j.Settings.ConcurrencyGroup)), Is.EqualTo(new[]
            {
                ("development", "environment-development"), ("acceptance", "environment-acceptance"), ("production", "environment-production"),
            }));
            Assert.That(plan.Jobs.Skip(1).Select(j => string.Join(",", j.Downloads.Select(d => d.Name))), Is.EqualTo(new[]
            {
                "image-json", "development-deploy-image-json", "acceptance-deploy-image-json",
            }), "the first takes Push's record; each later one the record the environment before it verified");
            Assert.That(plan.Jobs.Skip(1).Select(j => string.Join(",", j.Uploads.Select(u => u.Name))), Is.EqualTo(new[]
            {
                "development-deploy-image-json", "acceptance-deploy-image-json", "production-deploy-image-json",
            }));
        });
    }

    [Test]
    public void The_rendered_chain_names_each_environment_and_where_its_record_comes_from()
    {
        var content = Workflows.Content<ChainBuild>("delivery");

        Assert.Multiple(() =>
        {
            Assert.That(content, Does.Contain("  deploy-acceptance:\n    needs:\n      - push\n      - deploy-development\n"));
            Assert.That(content, Does.Contain("    environment:\n      name: acceptance\n      url: ${{ vars.ACCEPTANCE_URL }}\n"));
            Assert.That(content, Does.Contain("- name: Download development-deploy-image-json (from deploy-development)"));
            Assert.That(content, Does.Contain("run: ./build.cmd Deploy --environment production"));
        });
    }

    [Test]
    public void A_chain_over_a_parameter_whose_values_are_unknown_is_refused_with_the_fix()
    {
        var exception = Assert.Throws<BuildDefinitionException>(() => Workflows.Plan<TextChainBuild>());
        Assert.That(exception!.Message, Does.Contain("ForEachValueOf needs an enum parameter").And.Contain("enum EnvironmentName"));
    }
}
