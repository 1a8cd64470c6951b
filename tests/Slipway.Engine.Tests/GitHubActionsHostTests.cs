using Slipway.Engine.Tests.Builds;
using Slipway.Engine.Tests.Support;

namespace Slipway.Engine.Tests;

public sealed class GitHubActionsHostTests
{
    private BuildHarness harness = null!;
    private string summaryFile = null!;

    [SetUp]
    public void SetUp()
    {
        harness = new BuildHarness();
        summaryFile = Path.Combine(harness.Root, "step-summary.md");
        harness.Environment["GITHUB_ACTIONS"] = "true";
        harness.Environment["GITHUB_STEP_SUMMARY"] = summaryFile;
        FailureBuild.LastRun.Clear();
        OrderBuild.LastRun.Clear();
    }

    [TearDown]
    public void TearDown() => harness.Dispose();

    [Test]
    public void Each_target_is_a_group()
    {
        Assert.That(harness.Run<OrderBuild>("Compile"), Is.EqualTo(0));
        Assert.That(harness.Output, Does.Contain("::group::Restore\n").And.Contain("::group::Compile\n"));
        Assert.That(CountOf(harness.Output, "::endgroup::"), Is.EqualTo(2));
    }

    [Test]
    public void Failures_become_error_annotations_with_escaped_newlines()
    {
        Assert.That(harness.Run<FailureBuild>("Broken"), Is.EqualTo(1));
        Assert.That(harness.Output, Does.Contain("::error::Target Broken failed: System.InvalidOperationException: Broken exploded%0A"));
    }

    [Test]
    public void Bad_invocations_are_annotated_too()
    {
        Assert.That(harness.Run<OrderBuild>("Nope"), Is.EqualTo(2));
        Assert.That(harness.Output, Does.StartWith("::error::Unknown target 'Nope'."));
    }

    [Test]
    public void Warnings_become_warning_annotations()
    {
        harness.WriteFile(".nuke/parameters.json", """{ "Unknown": 1 }""");
        Assert.That(harness.Run<OrderBuild>("Restore"), Is.EqualTo(0));
        Assert.That(harness.Output, Does.Contain("::warning::parameters.json: 'Unknown' is not a parameter of this build; it is ignored."));
    }

    [Test]
    public void Summary_table_is_appended_to_the_step_summary()
    {
        File.WriteAllText(summaryFile, "earlier step\n");
        Assert.That(harness.Run<FailureBuild>("After", "Cleanup"), Is.EqualTo(1));
        var markdown = File.ReadAllText(summaryFile);
        Assert.That(markdown, Does.StartWith("earlier step\n### ❌ Build failed (exit code 1)"));
        Assert.That(markdown, Does.Contain("| Target | Status | Duration | Details |"));
        Assert.That(markdown, Does.Match(@"\| Broken \| ❌ Failed \| \d+\.\ds \| Broken exploded \|"));
        Assert.That(markdown, Does.Contain("| After | ⏸️ NotRun | – | an earlier target failed |"));
        Assert.That(markdown, Does.Match(@"\| Cleanup \| ✅ Succeeded \|"));
    }

    [Test]
    public void The_step_summary_draws_the_run_as_a_graph_coloured_by_outcome()
    {
        Assert.That(harness.Run<FailureBuild>("After", "Cleanup"), Is.EqualTo(1));
        var markdown = File.ReadAllText(summaryFile);
        Assert.That(markdown, Does.Contain("```mermaid\nflowchart LR\n"));
        Assert.That(markdown, Does.Contain("  Broken --> After\n").And.Contain("  Broken -.-> Cleanup\n"));
        Assert.That(markdown, Does.Contain("  class Broken Failed;\n").And.Contain("  class After NotRun;\n").And.Contain("  class Cleanup Succeeded;\n"));
    }

    [Test]
    public void Secrets_are_announced_with_add_mask_and_masked_in_the_summary()
    {
        const string Token = "gh-secret-987654";
        Assert.That(harness.Run<ParameterBuild>("Show", "--api-token", Token), Is.EqualTo(0));
        Assert.That(harness.Output, Does.Contain($"::add-mask::{Token}"));
        Assert.That(harness.Output.Replace($"::add-mask::{Token}", string.Empty, StringComparison.Ordinal), Does.Not.Contain(Token));
        Assert.That(File.ReadAllText(summaryFile), Does.Contain("used token ***").And.Not.Contain(Token));
    }

    private static int CountOf(string text, string value) => (text.Length - text.Replace(value, string.Empty, StringComparison.Ordinal).Length) / value.Length;
}
