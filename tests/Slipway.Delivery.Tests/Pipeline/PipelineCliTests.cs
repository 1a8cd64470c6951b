using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Pipeline;

/// <summary>This repository's own build, through ./build.sh as a user runs it: the front door of issue 2.</summary>
public sealed class PipelineCliTests
{
    private static readonly string Root = FindRoot();

    private static readonly string[] MissionTargets =
        ["Lint", "Test", "Scan", "DockerBuild", "Push", "DeployStaging", "DeployProduction", "Rollback", "Release"];

    private static ToolResult BuildSh(params string[] args) =>
        ToolRunner.Run(new ToolInvocation(Path.Combine(Root, "build.sh"), ["--no-logo", .. args])
        {
            WorkingDirectory = Root,
            LogOutput = false,
            Timeout = TimeSpan.FromMinutes(5),
        }.WithEnvironment("GITHUB_ACTIONS", null));

    [Test]
    public void Help_lists_the_nine_mission_targets_with_descriptions()
    {
        var result = BuildSh("--help");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardError);
        foreach (var target in MissionTargets)
        {
            Assert.That(result.StandardOutput, Does.Match($@"\n  {target}( \*)?\s+\S.*"), $"{target} is listed with a description");
        }

        Assert.That(result.StandardOutput, Does.Contain("  Test *"), "Test is the default target");
    }

    [Test]
    public void Unknown_target_exits_2_listing_known_targets_closest_first()
    {
        var result = BuildSh("Pussh");
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.StandardOutput, Does.Contain("Unknown target 'Pussh'. Known targets: Push,"));
    }

    [Test]
    public void Plan_of_a_deploy_orders_the_gates_before_the_image()
    {
        var result = BuildSh("DeployStaging", "--plan");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardOutput);
        // A line is "N. Target", then the conditions it runs under, if any ("  (only when …)").
        var order = MissionTargets.Take(5).Select(t => System.Text.RegularExpressions.Regex.Match(result.StandardOutput, $@"\. {t}(\n|  \()") is { Success: true } line ? line.Index : -1).ToList();
        Assert.That(order, Is.All.GreaterThan(0));
        Assert.That(order[3], Is.GreaterThan(order[0]).And.GreaterThan(order[1]).And.GreaterThan(order[2]), "DockerBuild after Lint, Test, Scan");
        Assert.That(order[4], Is.GreaterThan(order[3]), "Push after DockerBuild");
    }

    [Test]
    public void Demo_builds_pushes_and_rehearses_on_staging_without_the_gates()
    {
        var result = BuildSh("Demo", "--plan", "--json");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardOutput + result.StandardError);
        using var plan = System.Text.Json.JsonDocument.Parse(result.StandardOutput);
        var waves = plan.RootElement.GetProperty("waves").EnumerateArray().Select(w => string.Join(" ", w.EnumerateArray().Select(t => t.GetString()))).ToList();
        var skipped = plan.RootElement.GetProperty("targets").EnumerateArray()
            .Where(t => t.GetProperty("decision").GetString() == "skip")
            .ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("reason").GetString());

        Assert.Multiple(() =>
        {
            // Push triggers Attest (the image's SBOM and provenance), which runs beside the demo.
            Assert.That(waves.Take(3), Is.EqualTo(new[] { "LocalInfra", "DockerBuild", "Push" }));
            Assert.That(waves.Skip(3).Single().Split(' '), Is.EquivalentTo(new[] { "Demo", "Attest" }));
            Assert.That(skipped.Keys, Is.EquivalentTo(new[] { "Restore", "Lint", "Provision", "Compile", "Test", "Scan" }));
            Assert.That(skipped["Test"], Is.EqualTo("condition false: !Demoing"));
        });
    }

    [Test]
    public void Release_without_a_version_exits_2_naming_the_parameter()
    {
        var result = BuildSh("Release");
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.StandardOutput, Does.Contain("Target Release requires parameter Version. Supply it as --version <value>"));
    }

    private static string FindRoot()
    {
        for (var directory = AppContext.BaseDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "build.sh")) && Directory.Exists(Path.Combine(directory, ".nuke")))
            {
                return directory;
            }
        }

        throw new InvalidOperationException("Not inside the Slipway repository.");
    }
}
